package io.countersign.trainer.evaluation;

import io.countersign.trainer.Choices;

/**
 * Where on the validation writers' scores the card's threshold goes. Either way the calibration's
 * even-odds point is the threshold, so a verdict and its probability always agree.
 */
public enum ThresholdRule {
    /**
     * Where the logistic calibration, fitted with genuine and forged weighed equally, says 0.5. It
     * minimises the calibration's loss, not an error rate: where the genuine distances are tighter
     * than the forged ones it sits on the accepting side of the equal-error point.
     */
    EVEN_ODDS("even-odds"),
    /**
     * The validation writers' equal-error point against skilled forgeries (random ones where the
     * data has no skilled ones), the calibration's intercept moved so that its 0.5 point is there:
     * the threshold that keeps the larger of FRR and FAR lowest on the validation writers.
     */
    EQUAL_ERROR("equal-error"),
    /**
     * The equal-error point with every corpus weighed the same, not every trial: where the larger
     * of the corpora's mean FRR and mean FAR (skilled forgeries) is lowest. A corpus with few
     * validation writers then moves the threshold as much as one with many, as a bank's own corpus
     * would; with one corpus it is the equal-error point.
     */
    CORPUS_BALANCED("corpus-balanced");

    private final String id;

    ThresholdRule(String id) {
        this.id = id;
    }

    /** The name used on the command line and in model cards. */
    public String id() {
        return id;
    }

    /** Parses a command-line value; an unknown one names those that exist. */
    public static ThresholdRule parse(String value) {
        return Choices.parse(values(), value, "threshold rule");
    }

    @Override
    public String toString() {
        return id;
    }
}
