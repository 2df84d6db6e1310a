package io.countersign.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Contrastive loss of Hadsell, Chopra and LeCun (2006) for Siamese pairs.
 *
 * <p>Label convention: {@code y = 1} for a genuine pair (same writer, both genuine), {@code y = 0}
 * for a forgery pair. Per pair {@code L = y d^2 / 2 + (1 - y) max(0, m - d)^2 / 2} with {@code d}
 * the Euclidean distance of the two embeddings; the loss is the mean over pairs. The predictions
 * are one (2N, D) array that stacks the first members of N pairs over the second.
 */
public final class ContrastiveLoss extends Loss {

    private final float margin;

    /** Creates the loss with the margin {@code m} that forgery pairs are pushed beyond. */
    public ContrastiveLoss(float margin) {
        super("ContrastiveLoss");
        if (!(margin > 0)) {
            throw new IllegalArgumentException("margin must be positive: " + margin);
        }
        this.margin = margin;
    }

    /** The margin. */
    public float margin() {
        return margin;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDList halves = predictions.singletonOrThrow().split(2);
        NDArray y = labels.singletonOrThrow().toType(halves.get(0).getDataType(), false);
        NDArray squared = EmbeddingDistance.squared(halves.get(0), halves.get(1));
        NDArray distance = squared.add(1e-12f).sqrt();
        NDArray shortfall = distance.neg().add(margin).maximum(0f);
        NDArray perPair = y.mul(squared).add(y.neg().add(1f).mul(shortfall.square())).div(2f);
        return perPair.mean();
    }
}
