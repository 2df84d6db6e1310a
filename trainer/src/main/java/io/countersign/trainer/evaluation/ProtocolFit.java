package io.countersign.trainer.evaluation;

import io.countersign.core.model.Calibration;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ScoringRule;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring rule chosen on validation writers under the service protocol: the normalisation with
 * the lower validation EER, a calibration fitted on its scores, and as threshold the calibration's
 * even-odds point, so a decision and its probability always agree.
 *
 * @param rule what the service applies (mean aggregation, normalisation, threshold, calibration)
 * @param references references each validation writer enrolled
 * @param targetFar the false-acceptance rate the second threshold was chosen for
 * @param atTargetFar the (normalised) distance at which validation FAR is {@code targetFar}
 * @param validationEer validation EER (skilled forgeries where there are any) per normalisation
 *     tried
 * @param validation the validation scores under the chosen rule
 */
public record ProtocolFit(
        ScoringRule rule,
        int references,
        double targetFar,
        double atTargetFar,
        Map<Normalization, Double> validationEer,
        ProtocolScores validation) {

    // Scores do not depend on threshold or calibration, so candidates are scored without them.
    private static final Calibration NONE_YET = new Calibration(0, 0);

    /** Keeps an unmodifiable copy. */
    public ProtocolFit {
        validationEer = Map.copyOf(validationEer);
    }

    /** Fits on the validation writers' trials (drawn with {@code references} per writer). */
    public static ProtocolFit fit(ProtocolTrials validation, int references, double targetFar) {
        if (validation.enrolments().isEmpty()) {
            throw new IllegalArgumentException(
                    "no validation writer has more than "
                            + references
                            + " genuine signatures to enrol and question: lower --references");
        }
        double typical = validation.typicalSpread();
        Map<Normalization, Double> eers = new EnumMap<>(Normalization.class);
        Map<Normalization, ProtocolScores> scored = new EnumMap<>(Normalization.class);
        Normalization best = null;
        for (Normalization n : Normalization.values()) {
            // A single reference has no spread to measure, so only the plain distance is tried.
            if (n == Normalization.REFERENCE_SPREAD && !(typical > 0)) {
                continue;
            }
            ProtocolScores scores =
                    validation.score(new ScoringRule(Aggregation.MEAN, n, typical, 1, NONE_YET));
            DistanceSet set = scores.pooled();
            eers.put(n, ErrorRates.eer(set.genuine(), set.thresholdForgeries()).rate());
            scored.put(n, scores);
            if (best == null || eers.get(n) < eers.get(best)) {
                best = n;
            }
        }
        DistanceSet chosen = scored.get(best).pooled();
        // Random forgeries outnumber skilled ones (one per other writer against a handful) and
        // are easy; weighed by count they would pull the calibration, and with it the even-odds
        // threshold, towards them and let skilled forgeries through. Weighing the two kinds
        // equally is the even mix of threats a bank faces, whatever a dataset happens to hold.
        LogisticCalibration calibration =
                LogisticCalibration.fit(
                        chosen.genuine(), List.of(chosen.skilled(), chosen.random()));
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
                        Aggregation.MEAN,
                        best,
                        typical,
                        threshold,
                        new Calibration(calibration.intercept(), calibration.slope()));
        return new ProtocolFit(
                rule,
                references,
                targetFar,
                ErrorRates.thresholdAtFar(chosen.thresholdForgeries(), targetFar),
                eers,
                scored.get(best));
    }
}
