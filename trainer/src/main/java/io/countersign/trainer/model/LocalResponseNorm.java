package io.countersign.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
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
        // The sum over neighbouring channels is a 1×1 convolution of the squares with a band of
        // alpha/size (zero outside the tensor's channels, exactly PyTorch's padding); k is added
        // after. The same arithmetic as the ONNX export (LrnExpansion), and ≈ 2× faster forward and
        // backward here than the 3-D average pool it replaced (measured on 2026-12-05: 126 → 60 ms
        // for the first LRN of a batch of 32).
        int channels = (int) x.getShape().get(1);
        NDArray band =
                x.getManager()
                        .create(band(channels, size, alpha), new Shape(channels, channels, 1, 1));
        NDArray t =
                Conv2d.conv2d(
                                x.square(),
                                band,
                                null,
                                new Shape(1, 1),
                                new Shape(0, 0),
                                new Shape(1, 1),
                                1)
                        .singletonOrThrow()
                        .add(k);
        NDArray power;
        if (beta == 0.75f) {
            NDArray root = t.sqrt();
            power = root.mul(root.sqrt());
        } else {
            power = t.pow(beta);
        }
        return x.div(power);
    }

    /**
     * The (C, C) weights, row-major, of the 1×1 convolution that sums each channel's neighbours
     * times {@code alpha / size}: output channel c reads input channels c - ⌊(size-1)/2⌋ .. c +
     * ⌈(size-1)/2⌉ (ONNX's window; for an odd size, c ± size/2 as PyTorch's). The ONNX export
     * writes the same weights ({@code LrnExpansion}).
     */
    public static float[] band(int channels, int size, float alpha) {
        int below = (size - 1) / 2;
        int above = size - 1 - below;
        float[] weights = new float[channels * channels];
        for (int out = 0; out < channels; out++) {
            int from = Math.max(0, out - below);
            int to = Math.min(channels - 1, out + above);
            for (int in = from; in <= to; in++) {
                weights[out * channels + in] = alpha / size;
            }
        }
        return weights;
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
