package io.countersign.datasets.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.WriterId;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BHSig260 reader on a fixture in the corpus's layout, and combined corpora. */
class BhSig260LayoutTest {

    @TempDir Path root;

    @Test
    void readsBothLanguagesAsTiffAndPngWithQualifiedWriters() throws Exception {
        // Given Bengali writer 1 as TIFF (as distributed) and Hindi writer 12 as PNG
        FixtureImages.write(root.resolve("Bengali/1/B-S-1-G-01.tif"), "tif");
        FixtureImages.write(root.resolve("Bengali/1/B-S-1-G-02.tif"), "tif");
        FixtureImages.write(root.resolve("Bengali/1/B-S-1-F-01.tif"), "tif");
        FixtureImages.write(root.resolve("Hindi/12/H-S-12-G-01.png"), "png");
        FixtureImages.write(root.resolve("Hindi/12/H-S-12-F-03.png"), "png");

        SignatureDataset data = DatasetSpec.load("bhsig260:" + root);

        assertThat(data.writers()).containsExactly("Bengali/1", "Hindi/12");
        assertThat(data.genuine("Bengali/1")).hasSize(2);
        assertThat(data.forgeries("Bengali/1")).hasSize(1);
        assertThat(data.forgeries("Hindi/12")).hasSize(1);
        assertThat(WriterId.corpus("Hindi/12")).isEqualTo("Hindi");
        assertThat(ImageIO.read(data.genuine("Bengali/1").get(0).path().toFile())).isNotNull();
    }

    @Test
    void oneLanguageFolderReadsAlone() throws Exception {
        FixtureImages.write(root.resolve("Hindi/3/H-S-3-G-01.png"), "png");
        FixtureImages.write(root.resolve("Bengali/3/B-S-3-G-01.png"), "png");

        SignatureDataset data = DatasetSpec.load("bhsig260:" + root.resolve("Hindi"));

        assertThat(data.writers()).containsExactly("Hindi/3");
    }

    @Test
    void aFolderInAnotherLayoutIsRefusedInOneLine() throws Exception {
        // Given a sign_data-like folder passed as BHSig260
        FixtureImages.write(root.resolve("049/049_01.png"), "png");

        assertThatThrownBy(() -> DatasetSpec.load("bhsig260:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("neither Bengali/ nor Hindi/")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aFileOfAnotherWriterIsNamed() throws Exception {
        FixtureImages.write(root.resolve("Bengali/1/B-S-1-G-01.png"), "png");
        FixtureImages.write(root.resolve("Bengali/1/B-S-2-G-01.png"), "png");

        assertThatThrownBy(() -> DatasetSpec.load("bhsig260:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("B-S-2-G-01.png")
                .hasMessageContaining("B-S-1-G-01.tif");
    }

    @Test
    void severalCorporaKeepTheirWritersApart() throws Exception {
        // Given a BHSig260 writer "1" and a folder-layout writer "1"
        FixtureImages.write(root.resolve("bh/Bengali/1/B-S-1-G-01.png"), "png");
        FixtureImages.write(root.resolve("bh/Bengali/1/B-S-1-G-02.png"), "png");
        FixtureImages.write(root.resolve("fo/1/a.png"), "png");
        FixtureImages.write(root.resolve("fo/1/b.png"), "png");
        FixtureImages.write(root.resolve("fo/1_forg/c.png"), "png");

        SignatureDataset data =
                DatasetSpec.load(
                        List.of("bhsig260:" + root.resolve("bh"), "folders:" + root.resolve("fo")));

        assertThat(data.writers()).containsExactly("bhsig260/Bengali/1", "folders/1");
        assertThat(data.forgeries("folders/1")).hasSize(1);
        assertThat(WriterId.corpus("bhsig260/Bengali/1")).isEqualTo("bhsig260/Bengali");
        assertThat(data.description()).contains(" + ");
    }

    @Test
    void theCorporasTermsAreNamedForTheCard() {
        assertThat(DatasetSpec.terms("sign_data:/a + bhsig260:/b"))
                .hasSize(2)
                .allMatch(t -> t.contains("research use"));
        assertThat(DatasetSpec.terms("synthetic:writers=4")).isEmpty();
    }
}
