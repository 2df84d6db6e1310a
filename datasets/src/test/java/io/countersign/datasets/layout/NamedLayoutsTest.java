package io.countersign.datasets.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignatureSample;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPDS and MCYT readers on fixtures in each corpus's layout as distributed (genuine signatures
 * and forgeries side by side in a writer's folder, told apart by name), and malformed folders.
 */
class NamedLayoutsTest {

    @TempDir Path root;

    @Test
    void gpdsTellsGenuineFromForgedByPrefixInEveryWritersFolder() throws Exception {
        // Given two GPDS writers as JPEG, a forgery named in capitals and a stray file
        FixtureImages.write(root.resolve("001/c-001-01.jpg"), "jpg");
        FixtureImages.write(root.resolve("001/c-001-02.jpg"), "jpg");
        FixtureImages.write(root.resolve("001/cf-001-01.jpg"), "jpg");
        FixtureImages.write(root.resolve("002/c-002-01.jpg"), "jpg");
        FixtureImages.write(root.resolve("002/CF-002-07.JPG"), "jpg");
        FixtureImages.write(root.resolve("002/thumbnail.jpg"), "jpg");

        SignatureDataset data = DatasetSpec.load("gpds:" + root);

        assertThat(data.writers()).containsExactly("001", "002");
        assertThat(names(data.genuine("001"))).containsExactly("c-001-01.jpg", "c-001-02.jpg");
        assertThat(names(data.forgeries("001"))).containsExactly("cf-001-01.jpg");
        assertThat(names(data.forgeries("002"))).containsExactly("CF-002-07.JPG");
        assertThat(data.samples()).hasSize(5);
        assertThat(ImageIO.read(data.genuine("002").get(0).path().toFile())).isNotNull();
        assertThat(DatasetSpec.terms("gpds:" + root)).singleElement().asString().contains("GPDS");
    }

    @Test
    void mcytReadsGenuineAndForgeriesWithOrWithoutTheForgersNumber() throws Exception {
        // Given user 0002 with two genuine, a forgery by 0003 and one without the forger's number
        FixtureImages.write(root.resolve("0002/0002v00.bmp"), "bmp");
        FixtureImages.write(root.resolve("0002/0002V01.BMP"), "bmp");
        FixtureImages.write(root.resolve("0002/0003_0002f00.bmp"), "bmp");
        FixtureImages.write(root.resolve("0002/0002f01.bmp"), "bmp");
        FixtureImages.write(root.resolve("0003/0003v00.bmp"), "bmp");

        SignatureDataset data = DatasetSpec.load("mcyt:" + root);

        assertThat(data.writers()).containsExactly("0002", "0003");
        assertThat(names(data.genuine("0002"))).containsExactly("0002V01.BMP", "0002v00.bmp");
        assertThat(names(data.forgeries("0002")))
                .containsExactlyInAnyOrder("0003_0002f00.bmp", "0002f01.bmp");
        assertThat(data.forgeries("0003")).isEmpty();
        assertThat(ImageIO.read(data.forgeries("0002").get(0).path().toFile())).isNotNull();
    }

    @Test
    void anMcytFileOfAnotherUserIsNotCountedAsThisOnes() throws Exception {
        // A genuine signature of user 0003 left in 0002's folder is neither of 0002's kinds
        FixtureImages.write(root.resolve("0002/0002v00.bmp"), "bmp");
        FixtureImages.write(root.resolve("0002/0003v00.bmp"), "bmp");

        SignatureDataset data = DatasetSpec.load("mcyt:" + root);

        assertThat(names(data.genuine("0002"))).containsExactly("0002v00.bmp");
    }

    @Test
    void aFolderInAnotherLayoutIsRefusedInOneLineThatSaysWhatWasExpected() throws Exception {
        // Given a sign_data-like folder passed as GPDS and as MCYT
        FixtureImages.write(root.resolve("049/049_01.png"), "png");

        assertThatThrownBy(() -> DatasetSpec.load("gpds:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("001/c-001-01.jpg")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> DatasetSpec.load("mcyt:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("0002v00.bmp")
                .hasMessageNotContaining("\n");
    }

    @Test
    void forgeriesOfAWriterWithoutGenuineSignaturesAreAnError() throws Exception {
        FixtureImages.write(root.resolve("001/c-001-01.png"), "png");
        FixtureImages.write(root.resolve("007/cf-007-01.png"), "png");

        assertThatThrownBy(() -> DatasetSpec.load("gpds:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("writer 007 has forgeries (cf-007-01.png)")
                .hasMessageContaining("no genuine image");
    }

    @Test
    void aMissingFolderSaysSo() {
        assertThatThrownBy(() -> DatasetSpec.load("mcyt:" + root.resolve("absent")))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("does not exist");
    }

    private static List<String> names(List<SignatureSample> samples) {
        return samples.stream().map(s -> s.path().getFileName().toString()).toList();
    }
}
