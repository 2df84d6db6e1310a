package io.countersign.core.scoring;

import io.countersign.core.model.Calibration;
import java.util.Objects;

/**
 * Everything that turns reference distances into a decision and a probability, as one fit chose it:
 * aggregation, normalisation, threshold and calibration. The trainer fits it on validation writers
 * and the service applies the very same rule.
 *
 * @param aggregation how the per-reference distances become one
 * @param normalization whether that distance is divided by the customer's reference spread
 * @param typicalSpread the spread used where a customer has a single reference (ignored for NONE)
 * @param threshold genuine iff the (normalised) distance is at most this
 * @param calibration (normalised) distance to probability of genuineness
 */
public record ScoringRule(
        Aggregation aggregation,
        Normalization normalization,
        double typicalSpread,
        double threshold,
        Calibration calibration) {

    public ScoringRule {
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(calibration, "calibration");
        if (normalization == Normalization.REFERENCE_SPREAD && !(typicalSpread > 0)) {
            throw new IllegalArgumentException(
                    "reference-spread normalization needs a positive typical spread, was "
                            + typicalSpread);
        }
    }

    /** A rule without normalisation, as before normalisation existed. */
    public static ScoringRule plain(
            Aggregation aggregation, double threshold, Calibration calibration) {
        return new ScoringRule(aggregation, Normalization.NONE, Double.NaN, threshold, calibration);
    }

    /** The same rule with another threshold (an operator's override). */
    public ScoringRule withThreshold(double newThreshold) {
        return new ScoringRule(
                aggregation, normalization, typicalSpread, newThreshold, calibration);
    }

    /** The number the threshold is compared with, from an aggregate distance. */
    public double normalise(double aggregate, double spread, int references) {
        return normalization == Normalization.NONE
                ? aggregate
                : aggregate / ReferenceSpread.effective(spread, references, typicalSpread);
    }
}
