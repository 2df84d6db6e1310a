package io.countersign.trainer.cli;

import io.countersign.trainer.export.ModelPackager;
import io.countersign.trainer.training.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code countersign export}: writes ONNX, card and report again from a training checkpoint. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write model.onnx, model-card.json and report.md from a training checkpoint.")
final class ExportCommand implements Callable<Integer> {

    @Option(
            names = "--checkpoint",
            required = true,
            description = "a training run's checkpoint directory (OUT/checkpoint)")
    Path checkpoint;

    @Option(names = "--out", required = true, description = "model directory to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(checkpoint)) {
            throw new IllegalArgumentException(
                    "no checkpoint directory at "
                            + checkpoint
                            + ": pass --checkpoint OUT/checkpoint of a training run");
        }
        Checkpoints checkpoints = new Checkpoints(checkpoint);
        checkpoints.state();
        ModelPackager.write(checkpoints, out, "(from checkpoint " + checkpoint + ")");
        System.out.println("model written to " + out);
        return 0;
    }
}
