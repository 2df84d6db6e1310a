package io.countersign.trainer.export;

import ai.djl.Model;
import ai.djl.nn.SequentialBlock;
import io.countersign.core.model.ModelCard;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.model.DjlRuntime;
import io.countersign.trainer.model.SigNet;
import io.countersign.trainer.report.ReportWriter;
import io.countersign.trainer.training.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a model directory from a checkpoint: {@code model.onnx} from the best parameters, the
 * model card, and the report. The card, test distances and protocol scores are also kept in the
 * checkpoint so {@code export} can write the directory again later.
 */
public final class ModelPackager {

    /** Card kept in the checkpoint directory. */
    public static final String CARD = "model-card.json";

    /** Test distances kept in the checkpoint directory, for the report. */
    public static final String DISTANCES = "test-distances.csv";

    /** Test scores under the service protocol kept in the checkpoint directory, for the report. */
    public static final String PROTOCOL_SCORES = "test-protocol-scores.csv";

    private ModelPackager() {}

    /**
     * Saves the evaluation next to the checkpoint (card, test pair distances, protocol scores);
     * with {@code test} and {@code protocol} null (test writers not measured), the card alone, and
     * an earlier run's test files in that directory are removed so no report shows them.
     */
    public static void saveEvaluation(
            Checkpoints checkpoints, ModelCard card, DistanceSet test, DistanceSet protocol)
            throws IOException {
        Files.createDirectories(checkpoints.dir());
        card.write(checkpoints.dir().resolve(CARD));
        Path distances = checkpoints.dir().resolve(DISTANCES);
        Path scores = checkpoints.dir().resolve(PROTOCOL_SCORES);
        if (test == null) {
            Files.deleteIfExists(distances);
        } else {
            DistanceCsv.write(distances, test);
        }
        if (protocol == null) {
            Files.deleteIfExists(scores);
        } else {
            DistanceCsv.write(scores, protocol);
        }
    }

    /** Writes model.onnx, model-card.json and the report for a finished checkpoint into out. */
    public static void write(Checkpoints checkpoints, Path out, String dataset) throws IOException {
        Path cardFile = checkpoints.dir().resolve(CARD);
        if (!Files.isRegularFile(cardFile)) {
            throw new IllegalArgumentException(
                    "checkpoint in "
                            + checkpoints.dir()
                            + " has no evaluation yet (training did not finish): run train"
                            + " --resume to finish it");
        }
        Checkpoints.State state = checkpoints.state();
        ModelCard card = ModelCard.read(cardFile);
        Path distances = checkpoints.dir().resolve(DISTANCES);
        // A run told not to measure its test writers left no distances: a report without them.
        DistanceSet test = Files.isRegularFile(distances) ? DistanceCsv.read(distances) : null;
        Path protocolFile = checkpoints.dir().resolve(PROTOCOL_SCORES);
        // Checkpoints from before the protocol evaluation have no scores: a report without them.
        DistanceSet protocol =
                Files.isRegularFile(protocolFile) ? DistanceCsv.read(protocolFile) : null;
        Files.createDirectories(out);
        DjlRuntime.pytorch();
        SequentialBlock block = SigNet.builder().setVariant(state.variant()).build();
        try (Model model = Model.newInstance("signet", ai.djl.Device.cpu(), DjlRuntime.PYTORCH)) {
            model.setBlock(block);
            checkpoints.load(model, true);
            OnnxExporter.write(block, state.variant(), out.resolve("model.onnx"));
        }
        card.write(out.resolve(CARD));
        ReportWriter.write(
                out,
                new ReportWriter.Content(
                        card,
                        dataset,
                        state.history(),
                        state.bestEpoch(),
                        state.initialEer(),
                        protocol,
                        test));
    }

    /** Lists what a model directory holds, for the CLI's last line. */
    public static List<Path> files(Path out) {
        return List.of(out.resolve("model.onnx"), out.resolve(CARD), out.resolve("report.md"));
    }
}
