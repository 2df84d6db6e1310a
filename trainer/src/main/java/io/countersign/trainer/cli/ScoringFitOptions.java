package io.countersign.trainer.cli;

import io.countersign.trainer.evaluation.CalibrationTarget;
import io.countersign.trainer.evaluation.ThresholdRule;
import picocli.CommandLine.Option;

/**
 * How a card's calibration and threshold are fitted: the same options for train, calibrate,
 * ensemble.
 */
final class ScoringFitOptions {

    @Option(
            names = "--calibrate-against",
            defaultValue = "skilled",
            description =
                    "forgeries the calibration is fitted against on validation writers: skilled |"
                            + " skilled+random (default: ${DEFAULT-VALUE})")
    String calibrateAgainst;

    @Option(
            names = "--threshold-at",
            defaultValue = "equal-error",
            description =
                    "where the threshold goes on the validation writers' scores: equal-error (their"
                            + " skilled-forgery EER point, the calibration moved to say 0.5 there;"
                            + " the lowest larger of FRR and FAR) | even-odds (the calibration's own"
                            + " 0.5 point, cards before 2026-12-05); decision and probability agree"
                            + " either way (default: ${DEFAULT-VALUE})")
    String thresholdAt;

    CalibrationTarget target() {
        return CalibrationTarget.parse(calibrateAgainst);
    }

    ThresholdRule thresholdRule() {
        return ThresholdRule.parse(thresholdAt);
    }

    /** The options as a command line would repeat them. */
    String asArguments() {
        return " --calibrate-against " + target().id() + " --threshold-at " + thresholdRule().id();
    }
}
