package io.countersign.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerCliTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void aMissingDatasetIsOneClearLineAndExitCode2() {
        int code =
                TrainerCli.execute(
                        "train",
                        "--dataset",
                        "sign_data:" + dir.resolve("nowhere"),
                        "--out",
                        dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString())
                .contains("nowhere")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingCheckpointOrModelIsOneClearLineAndExitCode2() {
        assertThat(
                        TrainerCli.execute(
                                "export",
                                "--checkpoint",
                                dir.resolve("none").toString(),
                                "--out",
                                dir.toString()))
                .isEqualTo(2);
        assertThat(
                        TrainerCli.execute(
                                "evaluate",
                                "--model",
                                dir.toString(),
                                "--dataset",
                                "folders:" + dir))
                .isEqualTo(2);
        assertThat(err.toString().strip().lines())
                .hasSize(2)
                .allMatch(l -> !l.contains("Exception"));
        assertThat(err.toString()).contains("checkpoint").contains("model.onnx");
    }
}
