package io.countersign.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Triplet loss with a margin (Schroff et al. 2015, on Euclidean distances): per triplet {@code
 * max(0, d(a, p) - d(a, n) + m)}, averaged. The predictions are one (3N, D) array stacking N
 * anchors, N positives (genuine, same writer) and N negatives (forgeries); labels are ignored.
 */
public final class TripletLoss extends Loss {

    private final float margin;

    /** Creates the loss with margin {@code m}. */
    public TripletLoss(float margin) {
        super("TripletLoss");
        if (!(margin > 0)) {
            throw new IllegalArgumentException("margin must be positive: " + margin);
        }
        this.margin = margin;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDList parts = predictions.singletonOrThrow().split(3);
        NDArray positive = EmbeddingDistance.euclidean(parts.get(0), parts.get(1));
        NDArray negative = EmbeddingDistance.euclidean(parts.get(0), parts.get(2));
        return positive.sub(negative).add(margin).maximum(0f).mean();
    }
}
