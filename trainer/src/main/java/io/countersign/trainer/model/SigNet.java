package io.countersign.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Builds the SigNet embedding network (Dey et al. 2017) as a DJL block; both branches of a Siamese
 * pair run through this one block, so they share every weight.
 */
public final class SigNet {

    /** Keeps a blank image's zero level from dividing by zero. */
    public static final float INK_LEVEL_FLOOR = 1e-6f;

    private SigNet() {}

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * PyTorch's default initialisation (uniform within 1/sqrt(fan-in)): embeddings start small, so
     * the contrastive margin is meaningful from the first step. DJL's default Xavier start gives
     * distances in the tens and a first loss in the hundreds.
     */
    public static Initializer initializer() {
        return new XavierInitializer(
                XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);
    }

    /** The DJL block for one layer description. */
    static Block toBlock(Layer layer) {
        if (layer instanceof Layer.Conv c) {
            return Conv2d.builder()
                    .setFilters(c.filters())
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .build();
        } else if (layer instanceof Layer.Relu) {
            return Activation.reluBlock();
        } else if (layer instanceof Layer.Lrn l) {
            return new LocalResponseNorm(l.size(), l.alpha(), l.beta(), l.k());
        } else if (layer instanceof Layer.MaxPool p) {
            return Pool.maxPool2dBlock(
                    new Shape(p.kernel(), p.kernel()), new Shape(p.stride(), p.stride()));
        } else if (layer instanceof Layer.Dropout d) {
            return Dropout.builder().optRate(d.rate()).build();
        } else if (layer instanceof Layer.Flatten) {
            return Blocks.batchFlattenBlock();
        } else if (layer instanceof Layer.Dense d) {
            return Linear.builder().setUnits(d.units()).build();
        } else if (layer instanceof Layer.InkLevel ink) {
            return new LambdaBlock(
                    list -> new NDList(inkLevel(list.singletonOrThrow(), ink)), "inklevel");
        } else if (layer instanceof Layer.L2Normalize) {
            // ONNX's LpNormalization divides by the norm alone; the epsilon only guards a zero
            // embedding, which a trained network does not produce.
            return new LambdaBlock(
                    list -> {
                        NDArray x = list.singletonOrThrow();
                        return new NDList(
                                x.div(x.square().sum(new int[] {1}, true).add(1e-12f).sqrt()));
                    },
                    "l2normalize");
        }
        throw new IllegalArgumentException("unknown layer " + layer);
    }

    /**
     * {@link Layer.InkLevel} on a batch (N, C, H, W), as {@code OnnxExporter} writes it: the same
     * operations in the same order, so both runtimes agree.
     */
    static NDArray inkLevel(NDArray x, Layer.InkLevel ink) {
        // Per image over a flattened view: PyTorch's min and max reduce one axis at a time.
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        int[] image = {1};
        NDArray fromPaper = flat.sub(flat.min(image, true));
        NDArray highest = fromPaper.max(image, true);
        NDArray isInk =
                fromPaper.gt(highest.mul(ink.inkFraction())).toType(DataType.FLOAT32, false);
        NDArray inkSum = fromPaper.mul(isInk).sum(image, true);
        NDArray inkCount = isInk.sum(image, true).maximum(1f);
        NDArray level = inkSum.div(inkCount).maximum(INK_LEVEL_FLOOR);
        return fromPaper.div(level).reshape(x.getShape());
    }

    /** Builder of SigNet blocks: {@code setVariant} is required. */
    public static final class Builder {
        private SigNetVariant variant;

        private Builder() {}

        /** Chooses the architecture. */
        public Builder setVariant(SigNetVariant variant) {
            this.variant = variant;
            return this;
        }

        /** Builds an uninitialised sequential block whose children follow the variant's layers. */
        public SequentialBlock build() {
            if (variant == null) {
                throw new IllegalStateException("SigNet needs a variant: call setVariant");
            }
            SequentialBlock block = new SequentialBlock();
            variant.layers().forEach(layer -> block.add(toBlock(layer)));
            block.setInitializer(initializer(), Parameter.Type.WEIGHT);
            return block;
        }
    }
}
