package io.countersign.trainer.data;

/**
 * Images drawn for one training example: a pair (anchor, other) labelled by kind, or a triplet
 * where {@code positive} is a genuine signature of the anchor's writer and {@code other} a forgery.
 */
public record TrainingSample(float[] anchor, float[] positive, float[] other, PairKind kind) {}
