package io.countersign.trainer.cli;

import io.countersign.trainer.evaluation.BandEdges;
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
                            + " the lowest larger of FRR and FAR) | corpus-balanced (the same with"
                            + " every corpus weighed alike, not every trial) | even-odds (the"
                            + " calibration's own 0.5 point, cards before 2026-12-05); decision and"
                            + " probability agree either way (default: ${DEFAULT-VALUE})")
    String thresholdAt;

    @Option(
            names = "--target-far",
            description =
                    "the error rate of the card's two further thresholds on the validation"
                            + " writers: at or below thresholds.atTargetFar at most this share of"
                            + " skilled forgeries, above thresholds.atTargetFrr at most this share"
                            + " of genuine signatures; between them the service marks verdicts for"
                            + " review (a larger rate refers fewer; default: the card's, 0.01 for"
                            + " a new model)")
    Double targetFar;

    @Option(
            names = "--band-edges",
            description =
                    "whose error rate the review band's edges hold at --target-far on the"
                            + " validation writers: pooled (all trials together; the largest"
                            + " corpus decides) | strictest-corpus (every corpus's own: the band"
                            + " widens until each corpus's automatic decisions err at most that"
                            + " often; more referrals) (default: the card's, pooled for a new"
                            + " model)")
    String bandEdges;

    /** The {@code --target-far} given, or {@code otherwise}; refuses a rate that is no rate. */
    double targetFar(double otherwise) {
        double rate = targetFar != null ? targetFar : otherwise;
        if (!(rate >= 0 && rate < 0.5)) {
            throw new IllegalArgumentException(
                    "--target-far must be at least 0 and below 0.5 (a share of trials, e.g. 0.01),"
                            + " was "
                            + rate);
        }
        return rate;
    }

    CalibrationTarget target() {
        return CalibrationTarget.parse(calibrateAgainst);
    }

    ThresholdRule thresholdRule() {
        return ThresholdRule.parse(thresholdAt);
    }

    /** The {@code --band-edges} given, or {@code otherwise}. */
    BandEdges bandEdges(BandEdges otherwise) {
        return bandEdges != null ? BandEdges.parse(bandEdges) : otherwise;
    }

    /** The options that fit a review band alone, as a command line would repeat them. */
    String asBandArguments() {
        return (bandEdges != null ? " --band-edges " + BandEdges.parse(bandEdges).id() : "")
                + (targetFar != null ? " --target-far " + targetFar : "");
    }

    /** The options as a command line would repeat them. */
    String asArguments() {
        return " --calibrate-against "
                + target().id()
                + " --threshold-at "
                + thresholdRule().id()
                + (bandEdges != null ? " --band-edges " + BandEdges.parse(bandEdges).id() : "")
                + (targetFar != null ? " --target-far " + targetFar : "");
    }
}
