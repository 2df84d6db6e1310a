package io.countersign.trainer.loss;

import ai.djl.ndarray.NDArray;

/** Row-wise Euclidean distances between embeddings, differentiable everywhere. */
public final class EmbeddingDistance {

    /** Keeps the gradient of the square root finite when two embeddings coincide. */
    private static final float EPSILON = 1e-12f;

    private EmbeddingDistance() {}

    /** Squared distances between matching rows of two (N, D) arrays, shape (N). */
    public static NDArray squared(NDArray a, NDArray b) {
        return a.sub(b).square().sum(new int[] {1});
    }

    /** Distances between matching rows of two (N, D) arrays, shape (N). */
    public static NDArray euclidean(NDArray a, NDArray b) {
        return squared(a, b).add(EPSILON).sqrt();
    }
}
