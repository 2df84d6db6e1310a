package io.countersign.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed folders and specs: each gets one line that says what and where. */
class MalformedDatasetTest {

    @TempDir Path root;

    @Test
    void anAbsentImageIsNamedWithTheCsvLine() throws Exception {
        // Given a pair list whose third line names an image that is not there
        touch(root.resolve("train/049/049_01.png"));
        touch(root.resolve("train/049/049_02.png"));
        Files.writeString(
                root.resolve("train_data.csv"),
                "img1,img2,target\n049/049_01.png,049/049_02.png,0\n049/049_01.png,049/049_07.png,0\n");

        // Then the message names the CSV, the line and the image
        assertThatThrownBy(() -> DatasetSpec.load("sign_data:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("train_data.csv line 3")
                .hasMessageContaining("049/049_07.png is listed but absent");
    }

    @Test
    void aRowWithABadLabelIsNamed() throws Exception {
        touch(root.resolve("test/068/01_068.png"));
        Files.writeString(root.resolve("test_data.csv"), "068/01_068.png,068/01_068.png,2\n");

        assertThatThrownBy(() -> DatasetSpec.load("sign_data:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("test_data.csv line 1")
                .hasMessageContaining("label must be 0");
    }

    @Test
    void aFlatFolderWithoutPairListIsNotSignData() throws Exception {
        touch(root.resolve("049/049_01.png"));

        assertThatThrownBy(() -> DatasetSpec.load("sign_data:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("no pair CSV");
    }

    @Test
    void aFolderWithoutCedarOriginalsSaysSo() {
        assertThatThrownBy(() -> DatasetSpec.load("cedar:" + root))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("full_org");
    }

    @Test
    void aSpecWithoutFolderAsksForOne() {
        assertThatThrownBy(() -> DatasetSpec.load("folders:"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("needs a folder");
    }

    @Test
    void messagesAreOneLine() throws Exception {
        touch(root.resolve("train/049/049_01.png"));

        assertThatThrownBy(() -> DatasetSpec.load("sign_data:" + root))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }
}
