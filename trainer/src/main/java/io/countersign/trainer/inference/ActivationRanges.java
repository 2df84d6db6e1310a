package io.countersign.trainer.inference;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.countersign.trainer.export.Int8Quantization;
import io.countersign.trainer.export.Int8Quantization.Range;
import io.countersign.trainer.model.DjlRuntime;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures the range of values that chosen tensors of a float graph take on calibration images, by
 * running the graph with those tensors exposed as outputs in ONNX Runtime: what {@link
 * Int8Quantization} needs to choose each activation's 8-bit scale.
 */
public final class ActivationRanges {

    private ActivationRanges() {}

    /**
     * The range of each of {@code tensors} over {@code images} (each height·width floats, as the
     * model's input takes them), run {@code batchSize} at a time.
     */
    public static Map<String, Range> measure(
            OnnxMl.ModelProto model,
            List<String> tensors,
            List<float[]> images,
            int height,
            int width,
            int batchSize) {
        // DJL's engine creates the process's one OrtEnvironment with its own thread pool, and
        // fails if one exists: let it.
        DjlRuntime.onnxRuntime();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OnnxMl.ModelProto exposed = Int8Quantization.exposing(model, tensors);
        String input = model.getGraph().getInput(0).getName();
        Map<String, Range> ranges = new LinkedHashMap<>();
        tensors.forEach(t -> ranges.put(t, Range.empty()));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(exposed.toByteArray(), options)) {
            for (int start = 0; start < images.size(); start += batchSize) {
                int n = Math.min(batchSize, images.size() - start);
                float[] flat = new float[n * height * width];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(
                            images.get(start + i), 0, flat, i * height * width, height * width);
                }
                Map<String, OnnxTensor> feed = new HashMap<>();
                try (OnnxTensor batch =
                        OnnxTensor.createTensor(
                                env, FloatBuffer.wrap(flat), new long[] {n, 1, height, width})) {
                    feed.put(input, batch);
                    try (OrtSession.Result result = session.run(feed, Set.copyOf(tensors))) {
                        for (Map.Entry<String, OnnxValue> output : result) {
                            FloatBuffer values = ((OnnxTensor) output.getValue()).getFloatBuffer();
                            float[] array = new float[values.remaining()];
                            values.get(array);
                            ranges.computeIfPresent(output.getKey(), (k, r) -> r.with(array));
                        }
                    }
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed measuring activations: " + e.getMessage(), e);
        }
        return ranges;
    }
}
