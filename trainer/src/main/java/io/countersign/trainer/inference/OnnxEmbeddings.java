package io.countersign.trainer.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.countersign.trainer.model.DjlRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Embeds preprocessed images with an ONNX file through DJL's ONNX Runtime engine: the same runtime
 * the streaming service serves with.
 */
public final class OnnxEmbeddings implements AutoCloseable {

    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final int height;
    private final int width;

    /** Loads {@code file} (an .onnx file) for images of the given size. */
    public OnnxEmbeddings(Path file, int height, int width) {
        DjlRuntime.onnxRuntime();
        this.height = height;
        this.width = width;
        this.model = Model.newInstance("signet", Device.cpu(), DjlRuntime.ONNX_RUNTIME);
        try {
            String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
            model.load(file.toAbsolutePath().getParent(), name);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (MalformedModelException e) {
            model.close();
            throw new IllegalArgumentException(
                    file + " is not a valid ONNX model: " + e.getMessage(), e);
        }
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    /** Embeds images of height*width floats each, in batches of at most {@code batchSize}. */
    public float[][] embed(List<float[]> images, int batchSize) {
        float[][] out = new float[images.size()][];
        for (int start = 0; start < images.size(); start += batchSize) {
            int n = Math.min(batchSize, images.size() - start);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                float[] flat = new float[n * height * width];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(
                            images.get(start + i), 0, flat, i * height * width, height * width);
                }
                NDArray batch = manager.create(flat, new Shape(n, 1, height, width));
                NDArray result = predictor.predict(new NDList(batch)).singletonOrThrow();
                float[] values = result.toFloatArray();
                int d = values.length / n;
                for (int i = 0; i < n; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(values, i * d, (i + 1) * d);
                }
            } catch (TranslateException e) {
                throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
