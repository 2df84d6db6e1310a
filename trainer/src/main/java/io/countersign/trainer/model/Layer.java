package io.countersign.trainer.model;

/**
 * One layer of a SigNet variant, described as data so that the DJL network and the ONNX graph are
 * built from the very same list.
 */
public sealed interface Layer {

    /**
     * Measures each image from its paper (its lowest value) and divides it by the mean level of its
     * ink (the pixels above {@code inkFraction} of its highest): what follows sees where the
     * strokes run, not how dark or broad the pen made them. A broader pen shows in the 155 × 220
     * canvas as brighter strokes more than wider ones (docs/benchmarks.md, "Pen width"). A blank
     * image stays zero.
     */
    record InkLevel(float inkFraction) implements Layer {}

    /** A 2-D convolution with square kernel, stride and zero padding. */
    record Conv(int filters, int kernel, int stride, int padding) implements Layer {}

    /** Rectified linear unit. */
    record Relu() implements Layer {}

    /** Local response normalisation across channels (Krizhevsky et al. 2012). */
    record Lrn(int size, float alpha, float beta, float k) implements Layer {}

    /** Max pooling with a square window. */
    record MaxPool(int kernel, int stride) implements Layer {}

    /** Dropout during training; the identity at inference (not exported). */
    record Dropout(float rate) implements Layer {}

    /** Flattens (N, C, H, W) to (N, C*H*W). */
    record Flatten() implements Layer {}

    /** A fully connected layer. */
    record Dense(int units) implements Layer {}

    /** Scales each embedding to unit Euclidean length, so distances lie in [0, 2]. */
    record L2Normalize() implements Layer {}
}
