package io.countersign.datasets.synthetic;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Writes a synthetic dataset in the ICDAR 2011 SigComp "sign_data" layout: {@code DIR/001/}
 * genuine, {@code DIR/001_forg/} skilled forgeries, and {@code DIR/pairs.csv} (image1,image2,label;
 * label 0 = two genuine signatures of one writer, 1 = genuine against a forgery), so the same
 * readers load it.
 */
public final class SyntheticDatasetWriter {

    /** What was written. */
    public record Summary(int writers, int genuine, int forgeries, int pairs) {}

    private SyntheticDatasetWriter() {}

    public static Summary write(Path out, int writers, int genuine, int forgeries, long seed) {
        if (writers < 1 || genuine < 2 || forgeries < 0) {
            throw new IllegalArgumentException(
                    "need at least 1 writer, 2 genuine signatures each and no negative forgeries");
        }
        SyntheticSignatures signatures = new SyntheticSignatures(seed);
        // Writers are independent: render them in parallel, deterministically.
        IntStream.rangeClosed(1, writers)
                .parallel()
                .forEach(w -> writeWriter(out, signatures, w, genuine, forgeries));
        List<String> pairs = new ArrayList<>();
        pairs.add("image1,image2,label");
        for (int w = 1; w <= writers; w++) {
            String id = writerId(w);
            for (int a = 1; a <= genuine; a++) {
                for (int b = a + 1; b <= genuine; b++) {
                    pairs.add(file(id, id, a) + "," + file(id, id, b) + ",0");
                }
                for (int f = 1; f <= forgeries; f++) {
                    pairs.add(file(id, id, a) + "," + file(id + "_forg", id, f) + ",1");
                }
            }
        }
        try {
            Files.write(out.resolve("pairs.csv"), pairs);
            Files.writeString(
                    out.resolve("README.txt"),
                    String.format(
                            "Synthetic signatures written by ./countersign synth (seed %d):%n"
                                    + "%d writers, %d genuine each in NNN/, %d skilled forgeries each"
                                    + " in NNN_forg/.%npairs.csv lists image1,image2,label (0 = both"
                                    + " genuine, same writer; 1 = genuine vs forgery).%n",
                            seed, writers, genuine, forgeries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return new Summary(writers, writers * genuine, writers * forgeries, pairs.size() - 1);
    }

    static String writerId(int writer) {
        return String.format("%03d", writer);
    }

    private static String file(String folder, String writer, int sample) {
        return folder + "/" + writer + "_" + String.format("%02d", sample) + ".png";
    }

    private static void writeWriter(
            Path out, SyntheticSignatures signatures, int writer, int genuine, int forgeries) {
        String id = writerId(writer);
        try {
            Files.createDirectories(out.resolve(id));
            Files.createDirectories(out.resolve(id + "_forg"));
            for (int s = 1; s <= genuine; s++) {
                png(signatures.genuine(writer, s), out.resolve(file(id, id, s)));
            }
            for (int s = 1; s <= forgeries; s++) {
                png(signatures.skilledForgery(writer, s), out.resolve(file(id + "_forg", id, s)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write writer " + id + " to " + out, e);
        }
    }

    private static void png(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
