package io.countersign.trainer.evaluation;

import io.countersign.core.model.Calibration;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ScoringRule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring rule chosen on validation writers under the service protocol: the aggregation and
 * normalisation with the lower validation EER, a calibration fitted on its scores against the
 * chosen forgeries, and as threshold the calibration's even-odds point, so a decision and its
 * probability always agree.
 *
 * @param rule what the service applies (aggregation, normalisation, threshold, calibration)
 * @param references references each validation writer enrolled
 * @param target the forgeries the calibration was fitted against
 * @param targetFar the false-acceptance rate the second threshold was chosen for
 * @param atTargetFar the (normalised) distance at which validation FAR is {@code targetFar}
 * @param validationEer validation EER (skilled forgeries where there are any) per candidate tried,
 *     keyed {@code aggregation/normalisation} ({@link #candidate})
 * @param validation the validation scores under the chosen rule
 */
public record ProtocolFit(
        ScoringRule rule,
        int references,
        CalibrationTarget target,
        double targetFar,
        double atTargetFar,
        Map<String, Double> validationEer,
        ProtocolScores validation) {

    // Scores do not depend on threshold or calibration, so candidates are scored without them.
    private static final Calibration NONE_YET = new Calibration(0, 0);

    /** Keeps an unmodifiable copy, in the order tried. */
    public ProtocolFit {
        validationEer = Collections.unmodifiableMap(new LinkedHashMap<>(validationEer));
    }

    /** The key of a candidate in {@link #validationEer}, e.g. {@code mean/reference-spread}. */
    public static String candidate(Aggregation aggregation, Normalization normalization) {
        return aggregation.id() + "/" + normalization.id();
    }

    /** Fits against skilled forgeries ({@link CalibrationTarget#SKILLED}). */
    public static ProtocolFit fit(ProtocolTrials validation, int references, double targetFar) {
        return fit(validation, references, targetFar, CalibrationTarget.SKILLED);
    }

    /** Fits on the validation writers' trials (drawn with {@code references} per writer). */
    public static ProtocolFit fit(
            ProtocolTrials validation, int references, double targetFar, CalibrationTarget target) {
        if (validation.enrolments().isEmpty()) {
            throw new IllegalArgumentException(
                    "no validation writer has more than "
                            + references
                            + " genuine signatures to enrol and question: lower --references");
        }
        double typical = validation.typicalSpread();
        Map<String, Double> eers = new LinkedHashMap<>();
        ScoringRule best = null;
        double bestEer = Double.NaN;
        ProtocolScores bestScores = null;
        for (Aggregation a : Aggregation.values()) {
            for (Normalization n : Normalization.values()) {
                // A single reference has no spread to measure, so only the plain distance.
                if (n == Normalization.REFERENCE_SPREAD && !(typical > 0)) {
                    continue;
                }
                ScoringRule candidate = new ScoringRule(a, n, typical, 1, NONE_YET);
                ProtocolScores scores = validation.score(candidate);
                DistanceSet set = scores.pooled();
                double eer = ErrorRates.eer(set.genuine(), set.thresholdForgeries()).rate();
                eers.put(candidate(a, n), eer);
                // Ties keep the earlier candidate: mean before min, plain before normalised.
                if (best == null || eer < bestEer) {
                    best = candidate;
                    bestEer = eer;
                    bestScores = scores;
                }
            }
        }
        DistanceSet chosen = bestScores.pooled();
        LogisticCalibration calibration =
                LogisticCalibration.fit(chosen.genuine(), against(chosen, target));
        double threshold = calibration.evenOdds();
        if (!(calibration.slope() < 0) || !(threshold > 0)) {
            throw new IllegalStateException(
                    "the calibration on validation writers does not fall with distance (intercept "
                            + calibration.intercept()
                            + ", slope "
                            + calibration.slope()
                            + "): the model does not tell genuine from forged; train longer or"
                            + " on more writers");
        }
        ScoringRule rule =
                new ScoringRule(
                        best.aggregation(),
                        best.normalization(),
                        typical,
                        threshold,
                        new Calibration(calibration.intercept(), calibration.slope()));
        return new ProtocolFit(
                rule,
                references,
                target,
                targetFar,
                ErrorRates.thresholdAtFar(chosen.thresholdForgeries(), targetFar),
                eers,
                bestScores);
    }

    /**
     * The validation EER of every candidate as card metrics, e.g. {@code
     * validation_protocol_eer_skilled_mean_reference_spread}, and the typical spread.
     */
    public Map<String, Double> validationMetrics() {
        String kind = validation.pooled().skilled().length > 0 ? "skilled" : "random";
        Map<String, Double> metrics = new LinkedHashMap<>();
        validationEer.forEach(
                (candidate, eer) ->
                        metrics.put(
                                "validation_protocol_eer_"
                                        + kind
                                        + "_"
                                        + candidate.replace('-', '_').replace('/', '_'),
                                eer));
        if (Double.isFinite(rule.typicalSpread())) {
            metrics.put("validation_typical_spread", rule.typicalSpread());
        }
        return metrics;
    }

    private static List<double[]> against(DistanceSet scores, CalibrationTarget target) {
        // Random forgeries outnumber skilled ones (one per other writer against a handful): a fit
        // against both weighs the two kinds equally, not by count, whatever a dataset holds.
        if (target == CalibrationTarget.SKILLED_AND_RANDOM || scores.skilled().length == 0) {
            return List.of(scores.skilled(), scores.random());
        }
        return List.of(scores.skilled());
    }
}
