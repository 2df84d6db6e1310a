package io.countersign.streams.topology;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.countersign.core.model.ModelCard;
import io.countersign.streams.inference.Embedder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The shipped ONNX model behind the {@link Embedder} contract, run with ONNX Runtime directly,
 * until the service's own embedder is available to the topology tests.
 */
final class TestEmbedders {

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

    private TestEmbedders() {}

    /** Runs {@code model.onnx} of {@code modelDir} with the card next to it. */
    static Embedder onnx(Path modelDir) {
        return onnx(modelDir, ModelCard.read(modelDir.resolve("model-card.json")));
    }

    /** Runs {@code model.onnx} of {@code modelDir} under {@code card}. */
    static Embedder onnx(Path modelDir, ModelCard card) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(2);
            OrtSession session =
                    env.createSession(modelDir.resolve("model.onnx").toString(), options);
            return new OrtEmbedder(env, session, card);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the shipped model", e);
        }
    }

    private record OrtEmbedder(OrtEnvironment env, OrtSession session, ModelCard card)
            implements Embedder {

        @Override
        public float[][] embed(List<float[]> images) {
            int height = card.inputHeight();
            int width = card.inputWidth();
            FloatBuffer input = FloatBuffer.allocate(images.size() * height * width);
            images.forEach(input::put);
            input.flip();
            long[] shape = {images.size(), 1, height, width};
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
                    OrtSession.Result result = session.run(Map.of(card.inputName(), tensor))) {
                return (float[][]) result.get(card.outputName()).orElseThrow().getValue();
            } catch (OrtException e) {
                throw new IllegalStateException("the model failed", e);
            }
        }

        @Override
        public String device() {
            return "cpu";
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
