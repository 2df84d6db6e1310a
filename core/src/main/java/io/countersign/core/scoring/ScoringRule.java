package io.countersign.core.scoring;

import io.countersign.core.model.Calibration;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that turns reference distances into a decision and a probability, as one fit chose it:
 * aggregation, normalisation, threshold and calibration. The trainer fits it on validation writers
 * and the service applies the very same rule.
 *
 * @param aggregation how the per-reference distances become one
 * @param normalization whether that distance is divided by the customer's reference spread
 * @param typicalSpread the spread a customer's own is shrunk towards, and used alone where a
 *     customer has a single reference (ignored for NONE)
 * @param spreadPrior how many reference pairs the typical spread weighs against the customer's own
 *     ({@link ReferenceSpread#effective}): 1 for {@link Normalization#REFERENCE_SPREAD}, the card's
 *     for {@link Normalization#REFERENCE_SPREAD_PRIOR}, unused (NaN) for NONE
 * @param threshold genuine iff the (normalised) distance is at most this
 * @param calibration (normalised) distance to probability of genuineness
 */
public record ScoringRule(
        Aggregation aggregation,
        Normalization normalization,
        double typicalSpread,
        double spreadPrior,
        double threshold,
        Calibration calibration) {

    /** The prior of {@link Normalization#REFERENCE_SPREAD}: one pseudo-pair. */
    public static final double ONE_PAIR = 1;

    public ScoringRule {
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(calibration, "calibration");
        if (normalization.usesSpread() && !(typicalSpread > 0)) {
            throw new IllegalArgumentException(
                    normalization.id()
                            + " normalization needs a positive typical spread, was "
                            + typicalSpread);
        }
        if (normalization == Normalization.REFERENCE_SPREAD) {
            spreadPrior = ONE_PAIR;
        } else if (normalization == Normalization.NONE) {
            spreadPrior = Double.NaN;
        } else if (!(spreadPrior > 0) || Double.isInfinite(spreadPrior)) {
            throw new IllegalArgumentException(
                    normalization.id()
                            + " normalization needs a positive spread prior (pairs), was "
                            + spreadPrior);
        }
    }

    /** A rule without normalisation, as before normalisation existed. */
    public static ScoringRule plain(
            Aggregation aggregation, double threshold, Calibration calibration) {
        return new ScoringRule(
                aggregation, Normalization.NONE, Double.NaN, Double.NaN, threshold, calibration);
    }

    /** The same rule with another threshold (an operator's override). */
    public ScoringRule withThreshold(double newThreshold) {
        return new ScoringRule(
                aggregation, normalization, typicalSpread, spreadPrior, newThreshold, calibration);
    }

    /** The same rule with another aggregation (an operator's override). */
    public ScoringRule withAggregation(Aggregation newAggregation) {
        return new ScoringRule(
                newAggregation, normalization, typicalSpread, spreadPrior, threshold, calibration);
    }

    /**
     * The normalisation as people read it: its card name, with the prior where it has one, e.g.
     * {@code reference-spread-prior (10 pairs)}.
     */
    public String normalizationLabel() {
        if (normalization != Normalization.REFERENCE_SPREAD_PRIOR) {
            return normalization.id();
        }
        String pairs =
                spreadPrior == Math.rint(spreadPrior)
                        ? Long.toString((long) spreadPrior)
                        : String.format(Locale.ROOT, "%.3g", spreadPrior);
        return normalization.id() + " (" + pairs + " pairs)";
    }

    /** The number the threshold is compared with, from an aggregate distance. */
    public double normalise(double aggregate, double spread, int references) {
        return normalization.usesSpread()
                ? aggregate
                        / ReferenceSpread.effective(spread, references, typicalSpread, spreadPrior)
                : aggregate;
    }
}
