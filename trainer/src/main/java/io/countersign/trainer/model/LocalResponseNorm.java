package io.countersign.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Local response normalisation across channels, as in PyTorch's {@code LocalResponseNorm} and
 * ONNX's {@code LRN}: {@code b = a / (k + alpha/size * sum over size neighbouring channels of
 * a^2)^beta}. DJL has no such block; this one is made of NDArray operations.
 */
public final class LocalResponseNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int size;
    private final float alpha;
    private final float beta;
    private final float k;

    /** Creates the block with the given window size (odd), alpha, beta and k. */
    public LocalResponseNorm(int size, float alpha, float beta, float k) {
        super(VERSION);
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("LRN size must be odd and positive: " + size);
        }
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    /** Normalises an (N, C, H, W) array. */
    public static NDArray apply(NDArray x, int size, float alpha, float beta, float k) {
        // A 3-D average pool over (C, H, W) with a (size, 1, 1) window sums neighbouring
        // channels; counting the zero padding makes it sum / size, exactly PyTorch's definition.
        NDArray squares = x.square().expandDims(1);
        NDArray average =
                Pool.avgPool3d(
                                squares,
                                new Shape(size, 1, 1),
                                new Shape(1, 1, 1),
                                new Shape(size / 2, 0, 0),
                                false,
                                true)
                        .squeeze(1);
        return x.div(average.mul(alpha).add(k).pow(beta));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), size, alpha, beta, k));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        // No parameters and no children.
    }

    @Override
    public String toString() {
        return "LocalResponseNorm(size="
                + size
                + ", alpha="
                + alpha
                + ", beta="
                + beta
                + ", k="
                + k
                + ")";
    }
}
