package io.countersign.core.model;

/**
 * Logistic calibration from embedding distance to the probability that a signature is genuine,
 * fitted on validation pairs: {@code p = 1 / (1 + exp(-(intercept + slope * distance)))}.
 *
 * <p>Plain Siamese networks give a distance, not a probability; this is what lets a verdict carry a
 * number a risk engine can combine with others. The slope is negative for a useful model.
 */
public record Calibration(double intercept, double slope) {

    /** The calibrated probability that a signature at this distance is genuine. */
    public double probabilityGenuine(double distance) {
        return 1.0 / (1.0 + Math.exp(-(intercept + slope * distance)));
    }
}
