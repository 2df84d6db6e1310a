package io.countersign.trainer.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;

/** Embeds preprocessed images with a DJL block in inference mode (dropout off). */
public final class BlockEmbeddings {

    private BlockEmbeddings() {}

    /** Embeds images of height*width floats each, in batches of at most {@code batchSize}. */
    public static float[][] embed(
            Block block,
            NDManager manager,
            List<float[]> images,
            int height,
            int width,
            int batchSize) {
        float[][] out = new float[images.size()][];
        int pixels = height * width;
        for (int start = 0; start < images.size(); start += batchSize) {
            int n = Math.min(batchSize, images.size() - start);
            try (NDManager batchManager = manager.newSubManager()) {
                float[] flat = new float[n * pixels];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(images.get(start + i), 0, flat, i * pixels, pixels);
                }
                NDArray batch = batchManager.create(flat, new Shape(n, 1, height, width));
                ParameterStore store = new ParameterStore(batchManager, false);
                float[] values =
                        block.forward(store, new NDList(batch), false)
                                .singletonOrThrow()
                                .toFloatArray();
                int d = values.length / n;
                for (int i = 0; i < n; i++) {
                    out[start + i] = Arrays.copyOfRange(values, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }
}
