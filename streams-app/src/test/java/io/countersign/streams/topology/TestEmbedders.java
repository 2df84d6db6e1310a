package io.countersign.streams.topology;

import io.countersign.core.model.ModelCard;
import io.countersign.streams.inference.InferenceSettings;
import io.countersign.streams.inference.OnnxEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The service's own {@link OnnxEmbedder} over the shipped model, as the topology tests use it. */
final class TestEmbedders {

    /** On CPU with two threads: the tests share two cores with each other. */
    private static final InferenceSettings CPU =
            new InferenceSettings(
                    InferenceSettings.Device.CPU,
                    0,
                    2,
                    1,
                    false,
                    "ALL_OPT",
                    32,
                    List.of(1, 4, 8, 16, 32));

    private TestEmbedders() {}

    /** The model the repository ships, found from the module or the repository root. */
    static Path shippedModel() {
        for (Path candidate :
                List.of(
                        Path.of("models/signet-s-synthetic"),
                        Path.of("../models/signet-s-synthetic"))) {
            if (Files.isRegularFile(candidate.resolve("model.onnx"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("models/signet-s-synthetic/model.onnx is missing");
    }

    /** The embedder the service would open on {@code modelDir}. */
    static OnnxEmbedder onnx(Path modelDir) {
        return OnnxEmbedder.open(modelDir, CPU);
    }

    /**
     * The model of {@code modelDir} released under {@code card}: both copied to a model directory
     * in {@code workDir}, as a retrained model would be deployed.
     */
    static OnnxEmbedder onnx(Path modelDir, ModelCard card, Path workDir) {
        try {
            Path released = Files.createDirectories(workDir.resolve(card.version()));
            Files.copy(
                    modelDir.resolve(OnnxEmbedder.MODEL_FILE),
                    released.resolve(OnnxEmbedder.MODEL_FILE));
            card.write(released.resolve("model-card.json"));
            return OnnxEmbedder.open(released, CPU);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
