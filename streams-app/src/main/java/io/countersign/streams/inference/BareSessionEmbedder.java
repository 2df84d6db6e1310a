package io.countersign.streams.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.countersign.core.model.ModelCard;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The served model on a plain ONNX Runtime session, with the same execution provider and session
 * options as {@link OnnxEmbedder} but no DJL in between: the benchmark's yardstick for what DJL
 * costs. The service itself always uses {@link OnnxEmbedder}.
 */
public final class BareSessionEmbedder implements Embedder {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelCard card;
    private final String device;

    private BareSessionEmbedder(
            OrtEnvironment environment, OrtSession session, ModelCard card, String device) {
        this.environment = environment;
        this.session = session;
        this.card = card;
        this.device = device;
    }

    /** Opens {@code model.onnx} of {@code modelDir} as {@link OnnxEmbedder#open} would. */
    public static BareSessionEmbedder open(Path modelDir, InferenceSettings settings) {
        ModelCard card = ModelCard.read(modelDir.resolve(ModelCard.FILE_NAME));
        try {
            ExecutionProvider.Choice choice = ExecutionProvider.choose(settings);
            // The session copies its options when it is created.
            try (SessionOptions options = choice.options()) {
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                OrtSession session =
                        environment.createSession(
                                modelDir.resolve(OnnxEmbedder.MODEL_FILE).toString(), options);
                return new BareSessionEmbedder(environment, session, card, choice.device());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the model: " + e.getMessage(), e);
        }
    }

    @Override
    public float[][] embed(List<float[]> images) {
        int pixels = card.inputHeight() * card.inputWidth();
        FloatBuffer input = FloatBuffer.allocate(images.size() * pixels);
        images.forEach(input::put);
        input.flip();
        long[] shape = {images.size(), 1, card.inputHeight(), card.inputWidth()};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
                OrtSession.Result result = session.run(Map.of(card.inputName(), tensor))) {
            return (float[][]) result.get(card.outputName()).orElseThrow().getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("the model failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String device() {
        return device;
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
