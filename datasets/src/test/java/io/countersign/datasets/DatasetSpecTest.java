package io.countersign.datasets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSpecTest {

    @TempDir Path dir;

    @Test
    void aBadSpecSaysWhatToUse() {
        assertThatThrownBy(() -> DatasetSpec.load("utsig:/data"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("use synthetic")
                .hasMessageContaining("gpds:DIR, mcyt:DIR");
        assertThatThrownBy(() -> DatasetSpec.load("synthetic:writers=many"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> DatasetSpec.load("synthetic:authors=3"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("bad synthetic parameter");
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> DatasetSpec.load("folders:" + dir.resolve("nope")))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void anEmptyFolderIsAnError() {
        assertThatThrownBy(() -> DatasetSpec.load("folders:" + dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("no signature images");
    }
}
