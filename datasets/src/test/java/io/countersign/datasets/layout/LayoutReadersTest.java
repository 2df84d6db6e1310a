package io.countersign.datasets.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reader on a small fixture in its layout, built here, and each malformed-folder message. */
class LayoutReadersTest {

    @TempDir Path root;

    @Test
    void signDataWithTrainAndTestPartitions() throws Exception {
        // Given the circulating layout: train/ with a CSV with header, test/ with one without
        image(root.resolve("train/049/049_01.png"));
        image(root.resolve("train/049/049_02.PNG"));
        image(root.resolve("train/049_forg/0108049_01.png"));
        image(root.resolve("test/068/01_068.png"));
        image(root.resolve("test/068/02_068.png"));
        image(root.resolve("test/068_forg/03_0113068.PNG"));
        Files.writeString(
                root.resolve("train_data.csv"),
                "img1,img2,target\n049/049_01.png,049/049_02.PNG,0\n049/049_01.png,049_forg/0108049_01.png,1\n");
        Files.writeString(
                root.resolve("test_data.csv"), "068/01_068.png,068_forg/03_0113068.PNG,1\n");

        SignatureDataset data = DatasetSpec.load("sign_data:" + root);

        assertThat(data.writers()).containsExactlyInAnyOrder("049", "068");
        assertThat(data.genuine("049")).hasSize(2);
        assertThat(data.forgeries("068")).hasSize(1);
        assertThat(data.partition("test").writers()).containsExactly("068");
        assertThat(data.pairs()).hasSize(3);
        assertThat(data.summary()).contains("2 writers");
    }

    @Test
    void signDataWithoutItsPairListSaysWhichIsMissing() throws Exception {
        image(root.resolve("train/049/049_01.png"));

        assertThatThrownBy(() -> DatasetSpec.load("sign_data:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining("train_data.csv");
    }

    @Test
    void anImageListedButAbsentIsNamedWithItsLine() throws Exception {
        image(root.resolve("train/049/049_01.png"));
        Files.writeString(
                root.resolve("train_data.csv"),
                "img1,img2,target\n049/049_01.png,049/049_09.png,0\n");

        assertThatThrownBy(() -> DatasetSpec.load("sign_data:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("049_09.png")
                .hasMessageContaining("listed but absent");
    }

    @Test
    void cedarOriginalsAndForgeries() throws Exception {
        image(root.resolve("full_org/original_1_1.png"));
        image(root.resolve("full_org/original_1_2.png"));
        image(root.resolve("full_org/original_2_1.png"));
        image(root.resolve("full_forg/forgeries_1_1.png"));

        SignatureDataset data = DatasetSpec.load("cedar:" + root);

        assertThat(data.writers()).containsExactly("1", "2");
        assertThat(data.genuine("1")).hasSize(2);
        assertThat(data.forgeries("1")).hasSize(1);
    }

    @Test
    void cedarForgeriesOfAWriterWithoutOriginalsAreAnError() throws Exception {
        image(root.resolve("full_org/original_1_1.png"));
        image(root.resolve("full_forg/forgeries_7_1.png"));

        assertThatThrownBy(() -> DatasetSpec.load("cedar:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("writer 7 has forgeries");
    }

    @Test
    void foldersPerWriterWithForgeriesBeside() throws Exception {
        image(root.resolve("alice/a.jpg"));
        image(root.resolve("alice/b.png"));
        image(root.resolve("alice_forg/f.png"));
        image(root.resolve("bob/a.png"));

        SignatureDataset data = DatasetSpec.load("folders:" + root);

        assertThat(data.writers()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(data.forgeries("alice")).hasSize(1);
        assertThat(data.forgeries("bob")).isEmpty();
    }

    @Test
    void aWriterWithForgeriesButNoGenuineImagesIsNamed() throws Exception {
        image(root.resolve("alice/a.png"));
        image(root.resolve("carol_forg/f.png"));

        assertThatThrownBy(() -> DatasetSpec.load("folders:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("writer carol has forgeries but no genuine images");
    }

    private static void image(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_BYTE_GRAY);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String format = name.endsWith(".jpg") ? "jpg" : "png";
        ImageIO.write(image, format, file.toFile());
    }
}
