package io.countersign.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {

    @TempDir Path dir;

    @Test
    void writesALayoutThatTheReadersLoad() {
        Path out = dir.resolve("s");

        int code =
                new CommandLine(new SynthCommand())
                        .execute(
                                "--writers",
                                "3",
                                "--genuine",
                                "4",
                                "--forgeries",
                                "2",
                                "--out",
                                out.toString());

        assertThat(code).isZero();
        assertThat(out.resolve("001").resolve("001_01.png")).exists();
        assertThat(out.resolve("003_forg").resolve("003_02.png")).exists();
        for (String spec : new String[] {"folders:" + out, "sign_data:" + out}) {
            SignatureDataset data = DatasetSpec.load(spec);
            assertThat(data.writers()).hasSize(3);
            assertThat(data.genuine(data.writers().get(0))).hasSize(4);
            assertThat(data.forgeries(data.writers().get(2))).hasSize(2);
            assertThat(data.pairs()).hasSize(3 * (6 + 8));
        }
    }

    @Test
    void refusesToWriteIntoAFolderThatIsNotEmpty() throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "mine");

        int code =
                new CommandLine(new SynthCommand())
                        .execute("--writers", "1", "--out", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(dir.resolve("001")).doesNotExist();
    }
}
