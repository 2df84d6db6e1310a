package io.countersign.streams.metrics;

import io.countersign.core.image.ImageTone;

/**
 * What the topology reports about its own work (preprocessing time, re-embeddings) without
 * depending on a metrics library: the service passes {@link PipelineMetrics}, tests {@link #NONE}.
 */
public interface PipelineObserver {

    /** Reports nothing. */
    PipelineObserver NONE = new PipelineObserver() {};

    /** One image was decoded, cropped and normalised in {@code nanos}. */
    default void preprocessed(long nanos) {}

    /**
     * A request was admitted with an image of this tone; a bitonal one is scored against the
     * references' bitonal view.
     */
    default void admitted(ImageTone tone) {}

    /** A stored reference set of {@code references} images was re-embedded by a new model. */
    default void reembedded(int references) {}

    /**
     * A request was compared with its customer's references as a broader pen would have written
     * them, its ink level being nearer theirs than the references' own.
     */
    default void comparedWithBroaderPen() {}
}
