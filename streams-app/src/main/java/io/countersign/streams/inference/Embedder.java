package io.countersign.streams.inference;

import io.countersign.core.model.ModelCard;
import java.util.List;

/**
 * Maps preprocessed signature images to embeddings with the served model; one per JVM, thread-safe.
 */
public interface Embedder extends AutoCloseable {

    /**
     * Embeds a batch of preprocessed images (each {@code inputHeight * inputWidth} floats, from
     * core's preprocessor) in as few model runs as the maximum batch size allows.
     *
     * @return one embedding per image, in the order given
     */
    float[][] embed(List<float[]> images);

    /**
     * Whether the model is free right now, so a small batch handed over would run at once rather
     * than wait behind another thread's. An embedder that cannot tell says true.
     */
    default boolean idle() {
        return true;
    }

    /** The model card of the served model: version, input size, thresholds, calibration. */
    ModelCard card();

    /** The execution provider in use, {@code "cuda"} or {@code "cpu"}. */
    String device();

    @Override
    void close();
}
