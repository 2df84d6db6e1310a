package io.countersign.core.model;

/**
 * Decision thresholds on the embedding distance, measured on held-out pairs.
 *
 * @param eer the distance at the equal error rate (the default operating point)
 * @param targetFar the false-acceptance rate the second threshold was chosen for, e.g. 0.01
 * @param atTargetFar the distance at which the false-acceptance rate is {@code targetFar}
 */
public record Thresholds(double eer, double targetFar, double atTargetFar) {}
