package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.datasets.synthetic.SyntheticDatasetWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code countersign demo --scans}: a corpus of image files, as a bank's own scans would be,
 * enrolled and questioned through the real broker and service, every request counted once by its
 * truth.
 */
class DemoScansIT {

    @TempDir Path corpus;

    @Test
    void streamsACorpusOfScansThroughTheServiceAndCountsEveryVerdict() throws Exception {
        // Given a corpus in the folders layout: 4 writers with 6 genuine signatures and 2
        // forgeries each, writer 002's files JPEG rather than PNG, and a fifth writer with only 4
        // genuine signatures (all of them would be references, none left to question)
        SyntheticDatasetWriter.write(corpus, 5, 6, 2, 11);
        Files.delete(corpus.resolve("pairs.csv")); // the folders themselves say what is what
        toJpeg(corpus.resolve("002"));
        toJpeg(corpus.resolve("002_forg"));
        try (Stream<Path> files = Files.list(corpus.resolve("005"))) {
            for (Path extra : files.sorted().skip(4).toList()) {
                Files.delete(extra);
            }
        }

        // When the demo streams it with 4 references per customer
        CliRun demo =
                CliRun.of(
                        "demo",
                        "--scans",
                        "folders:" + corpus,
                        "--references",
                        "4",
                        "--model",
                        ExactlyOnceIT.MODEL);

        // Then the four writers with signatures to question are the customers, and the fifth is
        // left out with the reason
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("Enrolling 4 customers (folders:" + corpus + ")")
                .contains("1 writers left out: no more than 4 genuine signatures");
        // And each customer was questioned with its 2 other genuine signatures, its 2 forgeries
        // and 2 other customers' genuine signatures; the unknown customer got its verdict and
        // the corrupt image its dead letter
        assertThat(rowTotal(demo.out(), "GENUINE")).isEqualTo(8);
        assertThat(rowTotal(demo.out(), "SKILLED_FORGERY")).isEqualTo(8);
        assertThat(rowTotal(demo.out(), "RANDOM_FORGERY")).isEqualTo(8);
        assertThat(rowTotal(demo.out(), "NOT_ENROLLED")).isEqualTo(1);
        assertThat(demo.out())
                .contains("Verdicts: 25 of 25 expected")
                .contains("Dead letters: 1 of 1 expected [UNDECODABLE_IMAGE]");
    }

    @Test
    void aFolderThatIsNotACorpusStopsWithOneLine() {
        CliRun demo =
                CliRun.of(
                        "demo",
                        "--scans",
                        "folders:" + corpus.resolve("missing"),
                        "--model",
                        ExactlyOnceIT.MODEL);

        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err().strip()).startsWith("countersign: --scans: ").doesNotContain("\n");
    }

    @Test
    void tooFewSignaturesPerWriterSaysWhatToChange() throws IOException {
        SyntheticDatasetWriter.write(corpus, 2, 3, 1, 11);

        CliRun demo =
                CliRun.of(
                        "demo",
                        "--scans",
                        "folders:" + corpus,
                        "--references",
                        "5",
                        "--model",
                        ExactlyOnceIT.MODEL);

        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err()).contains("has more than 5 genuine signatures: lower --references");
    }

    /** The sum of a confusion-matrix row: the verdicts of requests of that truth. */
    private static int rowTotal(String out, String truth) {
        Matcher row =
                Pattern.compile("(?m)^\\s+" + truth + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$")
                        .matcher(out);
        assertThat(row.find()).as("a %s row in:%n%s", truth, out).isTrue();
        return Integer.parseInt(row.group(1))
                + Integer.parseInt(row.group(2))
                + Integer.parseInt(row.group(3));
    }

    /** Re-encodes a folder's PNG files as JPEG files, as a scanner's own format. */
    private static void toJpeg(Path folder) throws IOException {
        List<Path> pngs;
        try (Stream<Path> files = Files.list(folder)) {
            pngs = files.filter(f -> f.toString().endsWith(".png")).toList();
        }
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            BufferedImage rgb =
                    new BufferedImage(
                            image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.createGraphics().drawImage(image, 0, 0, null);
            Path jpeg = png.resolveSibling(png.getFileName().toString().replace(".png", ".jpg"));
            assertThat(ImageIO.write(rgb, "jpg", jpeg.toFile())).isTrue();
            Files.delete(png);
        }
    }
}
