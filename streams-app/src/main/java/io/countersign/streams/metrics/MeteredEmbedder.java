package io.countersign.streams.metrics;

import io.countersign.core.model.ModelCard;
import io.countersign.streams.inference.Embedder;
import java.util.List;

/** An embedder that records each call's batch size, run time and failures, then delegates. */
public final class MeteredEmbedder implements Embedder {

    private final Embedder delegate;
    private final PipelineMetrics metrics;

    public MeteredEmbedder(Embedder delegate, PipelineMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public float[][] embed(List<float[]> images) {
        long start = System.nanoTime();
        float[][] embeddings;
        try {
            embeddings = delegate.embed(images);
        } catch (RuntimeException e) {
            metrics.embedderFailed();
            throw e;
        }
        if (!images.isEmpty()) {
            metrics.embedded(images.size(), System.nanoTime() - start);
        }
        return embeddings;
    }

    @Override
    public boolean idle() {
        return delegate.idle();
    }

    @Override
    public ModelCard card() {
        return delegate.card();
    }

    @Override
    public String device() {
        return delegate.device();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
