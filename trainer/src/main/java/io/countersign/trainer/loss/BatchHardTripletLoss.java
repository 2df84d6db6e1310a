package io.countersign.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Batch-hard triplet loss (Hermans, Beyer and Leibe 2017) over a batch of several writers: every
 * genuine signature is an anchor, its farthest genuine signature of the same writer the positive,
 * and its closest impostor the negative, where an impostor is any signature of another writer
 * (random forgery) or a skilled forgery of the anchor's own signature. Mining the hardest pair in
 * the batch, instead of random pairs, keeps every step on the cases that decide the EER.
 *
 * <p>Labels: two (N) arrays, the writer index of each image and 1 for genuine, 0 for a skilled
 * forgery. Predictions: the (N, D) embeddings of the batch.
 */
public final class BatchHardTripletLoss extends Loss {

    /** Added to the distances of non-impostors so that they are never the closest impostor. */
    private static final float FAR_AWAY = 1e4f;

    private static final float EPSILON = 1e-12f;

    private final float margin;
    private final boolean hardest;

    /** Creates the loss with margin {@code m}: impostors are pushed m beyond the positives. */
    public BatchHardTripletLoss(float margin) {
        this(margin, true);
    }

    /**
     * Creates the loss; with {@code hardest} false it averages over every (anchor, positive,
     * impostor) triplet of the batch that violates the margin ("batch-all"), which cannot collapse
     * the embeddings the way hardest-only mining can in the first steps.
     */
    public BatchHardTripletLoss(float margin, boolean hardest) {
        super(hardest ? "BatchHardTripletLoss" : "BatchAllTripletLoss");
        this.hardest = hardest;
        if (!(margin > 0)) {
            throw new IllegalArgumentException("margin must be positive: " + margin);
        }
        this.margin = margin;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray e = predictions.singletonOrThrow();
        NDArray writer = labels.get(0).toType(e.getDataType(), false);
        NDArray genuine = labels.get(1).toType(e.getDataType(), false);
        NDArray distances = pairwise(e);
        int n = (int) e.getShape().get(0);
        NDArray same = writer.reshape(n, 1).eq(writer.reshape(1, n)).toType(e.getDataType(), false);
        NDArray bothGenuine = genuine.reshape(n, 1).mul(genuine.reshape(1, n));
        NDArray notSelf = e.getManager().eye(n).neg().add(1f);
        NDArray positive = same.mul(bothGenuine).mul(notSelf);
        NDArray skilled = same.mul(genuine.reshape(n, 1)).mul(genuine.reshape(1, n).neg().add(1f));
        NDArray impostor = same.neg().add(1f).add(skilled);
        if (!hardest) {
            return batchAll(distances, positive, impostor, genuine, n);
        }
        NDArray hardestPositive = distances.mul(positive).max(new int[] {1});
        NDArray closestImpostor =
                distances.add(impostor.neg().add(1f).mul(FAR_AWAY)).min(new int[] {1});
        NDArray perAnchor = hardestPositive.sub(closestImpostor).add(margin).maximum(0f);
        // Anchors are genuine signatures that have both a positive and an impostor in the batch.
        NDArray anchors = genuine.mul(positive.max(new int[] {1})).mul(impostor.max(new int[] {1}));
        return perAnchor.mul(anchors).sum().div(anchors.sum().maximum(1f));
    }

    private NDArray batchAll(
            NDArray distances, NDArray positive, NDArray impostor, NDArray genuine, int n) {
        // (a, p, 1) - (a, 1, i): every anchor, positive and impostor at once.
        NDArray losses =
                distances.reshape(n, n, 1).sub(distances.reshape(n, 1, n)).add(margin).maximum(0f);
        NDArray valid =
                positive.reshape(n, n, 1)
                        .mul(impostor.reshape(n, 1, n))
                        .mul(genuine.reshape(n, 1, 1));
        NDArray violating = losses.mul(valid).gt(1e-6f).toType(losses.getDataType(), false);
        return losses.mul(valid).sum().div(violating.sum().maximum(1f));
    }

    /** The (N, N) Euclidean distances between all rows, with a finite gradient at zero. */
    static NDArray pairwise(NDArray e) {
        NDArray squares = e.square().sum(new int[] {1}, true);
        NDArray squared = squares.add(squares.transpose()).sub(e.matMul(e.transpose()).mul(2f));
        return squared.maximum(0f).add(EPSILON).sqrt();
    }
}
