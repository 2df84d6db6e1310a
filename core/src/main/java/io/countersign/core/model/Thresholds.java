package io.countersign.core.model;

/**
 * Decision thresholds on the (normalised) aggregate distance, fitted on validation writers.
 *
 * @param eer the default threshold the service decides at. Since the trainer fits the service
 *     protocol, this is the calibration's even-odds point ({@code -intercept / slope}, where
 *     P(genuine) = 0.5), not an equal-error-rate threshold; the name stays for card compatibility
 * @param targetFar the false-acceptance rate the second threshold was chosen for, e.g. 0.01
 * @param atTargetFar the distance at which the (skilled-forgery) false-acceptance rate is {@code
 *     targetFar}
 */
public record Thresholds(double eer, double targetFar, double atTargetFar) {}
