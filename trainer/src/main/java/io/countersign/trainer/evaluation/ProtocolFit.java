package io.countersign.trainer.evaluation;

import io.countersign.core.model.Calibration;
import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scoring rule chosen on validation writers under the service protocol: the aggregation and
 * normalisation with the lower validation EER, a calibration fitted on its scores against the
 * chosen forgeries, and as threshold the calibration's even-odds point, so a decision and its
 * probability always agree; with {@link ThresholdRule#EQUAL_ERROR} the calibration is moved so that
 * its even-odds point is the validation equal-error point.
 *
 * @param rule what the service applies (aggregation, normalisation, threshold, calibration)
 * @param references references each validation writer enrolled
 * @param target the forgeries the calibration was fitted against (null: a rule kept whole whose
 *     card does not say)
 * @param thresholdAt where the threshold was put on the validation scores (null: the same)
 * @param bandEdges whose error rates the review band's edges were fitted to
 * @param targetFar the false-acceptance rate the second threshold was chosen for
 * @param atTargetFar the (normalised) distance at which validation FAR is {@code targetFar} (under
 *     {@link BandEdges#STRICTEST_CORPUS}: in the corpus where it is lowest)
 * @param targetFrr the false-rejection rate the third threshold was chosen for: the same as {@code
 *     targetFar}, so that the review band's two edges err as rarely on either side
 * @param atTargetFrr the (normalised) distance above which validation FRR is {@code targetFrr}
 *     (under {@link BandEdges#STRICTEST_CORPUS}: in the corpus where it is highest): with {@code
 *     atTargetFar}, the edges of the card's review band (core's {@code ReviewBand})
 * @param validationEer validation EER (skilled forgeries where there are any) per candidate tried,
 *     keyed {@code aggregation/normalisation}, with the prior for {@code reference-spread-prior}
 *     ({@link #candidate})
 * @param validation the validation scores under the chosen rule
 * @param broaderPen pixels the references' pen view was broader by in the validation trials (0:
 *     none), for the card, so that the service scores as the rule was fitted
 * @param refit what was fitted: the whole rule, only the review band ({@link #bandOnly}), or only
 *     the typical spread ({@link #spreadOnly})
 */
public record ProtocolFit(
        ScoringRule rule,
        int references,
        CalibrationTarget target,
        ThresholdRule thresholdAt,
        BandEdges bandEdges,
        double targetFar,
        double atTargetFar,
        double targetFrr,
        double atTargetFrr,
        Map<String, Double> validationEer,
        ProtocolScores validation,
        int broaderPen,
        Refit refit) {

    /** What a fit fitted, of the rule it started from. */
    public enum Refit {
        /**
         * Aggregation and normalisation (or the card's), typical spread, threshold, calibration.
         */
        RULE,
        /** Nothing of the rule: only the review band's edges. */
        BAND,
        /** Only the typical spread; threshold, calibration and band edges as they were. */
        SPREAD
    }

    // Scores do not depend on threshold or calibration, so candidates are scored without them.
    private static final Calibration NONE_YET = new Calibration(0, 0);

    /** Keeps an unmodifiable copy, in the order tried. */
    public ProtocolFit {
        validationEer = Collections.unmodifiableMap(new LinkedHashMap<>(validationEer));
    }

    /** Card metrics named for validation writers: a training run's, or {@code calibrate}'s. */
    public static final String VALIDATION_METRICS = "validation";

    /**
     * Card metrics named for the writers of a corpus the model never saw ({@code calibrate
     * --writers all|half}): a bank's own, not the training run's validation writers.
     */
    public static final String CALIBRATION_METRICS = "calibration";

    /**
     * The weights of the typical spread tried for {@link Normalization#REFERENCE_SPREAD_PRIOR}, in
     * reference pairs: five references have ten pairs, so these weigh the typical spread from a
     * third of the customer's own to three times it.
     */
    static final List<Double> SPREAD_PRIORS = List.of(3.0, 10.0, 30.0);

    /** The key of a candidate in {@link #validationEer}, e.g. {@code mean/reference-spread}. */
    public static String candidate(Aggregation aggregation, Normalization normalization) {
        return aggregation.id() + "/" + normalization.id();
    }

    /** The key of a candidate rule, e.g. {@code mean/reference-spread-prior-10}. */
    static String candidate(ScoringRule rule) {
        String key = candidate(rule.aggregation(), rule.normalization());
        return rule.normalization() == Normalization.REFERENCE_SPREAD_PRIOR
                ? key + "-" + (long) rule.spreadPrior()
                : key;
    }

    /**
     * Fits as the commands do by default: against skilled forgeries, the threshold at the
     * validation equal-error point.
     */
    public static ProtocolFit fit(ProtocolTrials validation, int references, double targetFar) {
        return fit(
                validation,
                references,
                targetFar,
                CalibrationTarget.SKILLED,
                ThresholdRule.EQUAL_ERROR);
    }

    /** Fits on the validation writers' trials (drawn with {@code references} per writer). */
    public static ProtocolFit fit(
            ProtocolTrials validation,
            int references,
            double targetFar,
            CalibrationTarget target,
            ThresholdRule thresholdAt) {
        return fit(validation, references, targetFar, target, thresholdAt, BandEdges.POOLED, null);
    }

    /**
     * The same with the review band's edges fitted to {@code bandEdges}, keeping {@code kept}'s
     * aggregation, normalisation and spread prior where it is not null: only the typical spread,
     * the threshold and the calibration are fitted. For a few writers of a new corpus, where
     * choosing among the candidate rules would fit their noise.
     */
    public static ProtocolFit fit(
            ProtocolTrials validation,
            int references,
            double targetFar,
            CalibrationTarget target,
            ThresholdRule thresholdAt,
            BandEdges bandEdges,
            ScoringRule kept) {
        requireEnrolments(validation, references);
        double typical = validation.typicalSpread();
        Choice choice =
                kept == null
                        ? choose(validation)
                        : choose(
                                validation,
                                List.of(
                                        new ScoringRule(
                                                kept.aggregation(),
                                                kept.normalization(),
                                                typical,
                                                kept.spreadPrior(),
                                                1,
                                                NONE_YET)));
        ProtocolScores bestScores = choice.scores();
        ScoringRule best = choice.rule();
        DistanceSet chosen = bestScores.pooled();
        LogisticCalibration calibration =
                LogisticCalibration.fit(chosen.genuine(), against(chosen, target));
        if (thresholdAt == ThresholdRule.EQUAL_ERROR && calibration.slope() < 0) {
            calibration = calibration.evenOddsAt(equalErrorThreshold(chosen));
        } else if (thresholdAt == ThresholdRule.CORPUS_BALANCED && calibration.slope() < 0) {
            calibration = calibration.evenOddsAt(corpusBalancedThreshold(bestScores));
        }
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
                        best.spreadPrior(),
                        threshold,
                        new Calibration(calibration.intercept(), calibration.slope()));
        return withBand(
                rule,
                Refit.RULE,
                references,
                target,
                thresholdAt,
                bandEdges,
                targetFar,
                choice.eers(),
                bestScores,
                validation);
    }

    /**
     * Keeps {@code whole} as it is (aggregation, normalisation, typical spread, prior, threshold,
     * calibration) and fits only its review band on the validation writers' trials: the decisions
     * stay the ones validated before, only what is referred is set, e.g. on a bank's own writers or
     * for a card fitted before the band existed.
     *
     * @param target the forgeries {@code whole}'s calibration was fitted against, for the record
     *     (null where its card does not say)
     * @param thresholdAt where {@code whole}'s threshold was put, for the record (null: the same)
     */
    public static ProtocolFit bandOnly(
            ProtocolTrials validation,
            int references,
            double targetFar,
            CalibrationTarget target,
            ThresholdRule thresholdAt,
            BandEdges bandEdges,
            ScoringRule whole) {
        requireEnrolments(validation, references);
        ProtocolScores scores = validation.score(whole);
        return withBand(
                whole,
                Refit.BAND,
                references,
                target,
                thresholdAt,
                bandEdges,
                targetFar,
                Map.of(candidate(whole), scores.pooled().eer()),
                scores,
                validation);
    }

    /**
     * Keeps {@code whole} and its review band as they are but for the typical spread, measured
     * again on these writers' enrolments: their references alone, no forgery and no label. A corpus
     * whose scans, pens or script put every distance on another scale (a new scanner, a model whose
     * rule was fitted on generated writers) then meets the threshold on the scale it was fitted on,
     * since each customer's own spread and the typical one move together.
     *
     * @param atTargetFar the review band's lower edge as it was (normalised: it stays)
     * @param atTargetFrr its upper edge as it was
     */
    public static ProtocolFit spreadOnly(
            ProtocolTrials writers,
            int references,
            double targetFar,
            double atTargetFar,
            double atTargetFrr,
            CalibrationTarget target,
            ThresholdRule thresholdAt,
            BandEdges bandEdges,
            ScoringRule whole) {
        requireEnrolments(writers, references);
        if (!whole.normalization().usesSpread()) {
            throw new IllegalArgumentException(
                    "the card's rule does not divide by the references' spread (normalization "
                            + whole.normalization().id()
                            + "): there is no typical spread to measure again; refit its"
                            + " threshold on labelled writers instead (--rule card)");
        }
        ScoringRule measured =
                new ScoringRule(
                        whole.aggregation(),
                        whole.normalization(),
                        writers.typicalSpread(),
                        whole.spreadPrior(),
                        whole.threshold(),
                        whole.calibration());
        ProtocolScores scores = writers.score(measured);
        return new ProtocolFit(
                measured,
                references,
                target,
                thresholdAt,
                bandEdges,
                targetFar,
                atTargetFar,
                targetFar,
                atTargetFrr,
                Map.of(candidate(measured), scores.pooled().eer()),
                scores,
                writers.views().broaderPen(),
                Refit.SPREAD);
    }

    private static void requireEnrolments(ProtocolTrials validation, int references) {
        if (validation.enrolments().isEmpty()) {
            throw new IllegalArgumentException(
                    "no validation writer has more than "
                            + references
                            + " genuine signatures to enrol and question: lower --references");
        }
    }

    /** The fit of {@code rule}, with its review band's edges at {@code targetFar} on its scores. */
    private static ProtocolFit withBand(
            ScoringRule rule,
            Refit refit,
            int references,
            CalibrationTarget target,
            ThresholdRule thresholdAt,
            BandEdges bandEdges,
            double targetFar,
            Map<String, Double> eers,
            ProtocolScores scores,
            ProtocolTrials validation) {
        List<DistanceSet> bandFittedOn =
                bandEdges == BandEdges.STRICTEST_CORPUS
                        ? corporaWithBoth(scores)
                        : List.of(scores.pooled());
        if (bandFittedOn.isEmpty()) {
            bandFittedOn = List.of(scores.pooled());
        }
        return new ProtocolFit(
                rule,
                references,
                target,
                thresholdAt,
                bandEdges,
                targetFar,
                bandFittedOn.stream()
                        .mapToDouble(
                                c -> ErrorRates.thresholdAtFar(c.thresholdForgeries(), targetFar))
                        .min()
                        .orElseThrow(),
                targetFar,
                bandFittedOn.stream()
                        .mapToDouble(c -> ErrorRates.thresholdAtFrr(c.genuine(), targetFar))
                        .max()
                        .orElseThrow(),
                eers,
                scores,
                validation.views().broaderPen(),
                refit);
    }

    /** How the rule's threshold and calibration came about, as the tables and reports say. */
    public String howFitted() {
        if (refit == Refit.BAND) {
            return "the card's, kept whole: only the review band fitted";
        }
        if (refit == Refit.SPREAD) {
            return "the card's threshold, calibration and band: only the typical spread measured";
        }
        return thresholdAt
                + "; P(genuine) = 0.5 there, calibrated against "
                + target
                + " forgeries";
    }

    /**
     * The candidate rule with the lowest validation EER (skilled forgeries where there are any),
     * with every candidate's EER, and no threshold or calibration yet: cheap enough to run after
     * every training epoch, and defined even for a network that does not yet separate anything.
     *
     * @param rule the chosen candidate (threshold and calibration placeholders)
     * @param eer its pooled validation EER
     * @param eers every candidate's, keyed as {@link #validationEer}
     * @param scores the validation scores under it
     */
    public record Choice(
            ScoringRule rule, double eer, Map<String, Double> eers, ProtocolScores scores) {}

    /** Scores every candidate rule on the validation writers' trials and keeps the best. */
    public static Choice choose(ProtocolTrials validation) {
        if (validation.enrolments().isEmpty()) {
            throw new IllegalArgumentException(
                    "no validation writer has enough genuine signatures to enrol and question:"
                            + " lower --references");
        }
        return choose(validation, candidates(validation.typicalSpread()));
    }

    private static Choice choose(ProtocolTrials validation, List<ScoringRule> candidates) {
        Map<String, Double> eers = new LinkedHashMap<>();
        ScoringRule best = null;
        double bestEer = Double.NaN;
        ProtocolScores bestScores = null;
        for (ScoringRule candidate : candidates) {
            ProtocolScores scores = validation.score(candidate);
            double eer = scores.pooled().eer();
            eers.put(candidate(candidate), eer);
            // Ties keep the earlier candidate: mean before min, plain before normalised, the
            // customer's own spread before the typical one.
            if (best == null || eer < bestEer) {
                best = candidate;
                bestEer = eer;
                bestScores = scores;
            }
        }
        return new Choice(best, bestEer, eers, bestScores);
    }

    /**
     * The validation equal-error point, put half way to the next larger score: the EER's own
     * threshold is a trial's score, and a trial exactly there would be decided genuine (d ≤
     * threshold) with P(genuine) exactly 0.5, neither side. Half way, every validation trial falls
     * on the side it fell on before, so FRR and FAR are the EER point's.
     */
    static double equalErrorThreshold(DistanceSet scores) {
        double[] forgeries = scores.thresholdForgeries();
        return halfwayToNext(scores, ErrorRates.eer(scores.genuine(), forgeries).threshold());
    }

    /**
     * {@link ThresholdRule#CORPUS_BALANCED}: of the trials' scores, the one where the larger of the
     * corpora's mean FRR and mean FAR is lowest (the lowest such score on a tie), put half way to
     * the next larger score as {@link #equalErrorThreshold} does.
     */
    static double corpusBalancedThreshold(ProtocolScores scores) {
        List<DistanceSet> corpora = corporaWithBoth(scores);
        DistanceSet all = scores.pooled();
        if (corpora.isEmpty()) {
            return equalErrorThreshold(all);
        }
        double[] candidates =
                java.util.stream.DoubleStream.concat(
                                java.util.Arrays.stream(all.genuine()),
                                java.util.Arrays.stream(all.thresholdForgeries()))
                        .sorted()
                        .distinct()
                        .toArray();
        double best = candidates[0];
        double bestError = Double.POSITIVE_INFINITY;
        for (double t : candidates) {
            double frr = 0;
            double far = 0;
            for (DistanceSet corpus : corpora) {
                frr += ErrorRates.frr(corpus.genuine(), t);
                far += ErrorRates.far(corpus.thresholdForgeries(), t);
            }
            double error = Math.max(frr, far) / corpora.size();
            if (error < bestError) {
                best = t;
                bestError = error;
            }
        }
        return halfwayToNext(all, best);
    }

    /** Each corpus's scores, of those with genuine trials and forgeries to set a threshold by. */
    private static List<DistanceSet> corporaWithBoth(ProtocolScores scores) {
        return scores.byCorpus().values().stream()
                .map(ProtocolScores::pooled)
                .filter(c -> c.genuine().length > 0 && c.thresholdForgeries().length > 0)
                .toList();
    }

    private static double halfwayToNext(DistanceSet scores, double at) {
        double next = Double.POSITIVE_INFINITY;
        for (double[] kind : List.of(scores.genuine(), scores.skilled(), scores.random())) {
            for (double d : kind) {
                if (d > at && d < next) {
                    next = d;
                }
            }
        }
        return Double.isInfinite(next) ? at : at + (next - at) / 2;
    }

    /**
     * Every rule the fit tries, in order of preference on a tie; only the plain distance where a
     * single reference leaves no spread to measure.
     */
    private static List<ScoringRule> candidates(double typical) {
        List<ScoringRule> rules = new ArrayList<>();
        for (Aggregation a : Aggregation.values()) {
            rules.add(new ScoringRule(a, Normalization.NONE, typical, Double.NaN, 1, NONE_YET));
            if (typical > 0) {
                rules.add(
                        new ScoringRule(
                                a,
                                Normalization.REFERENCE_SPREAD,
                                typical,
                                ScoringRule.ONE_PAIR,
                                1,
                                NONE_YET));
                for (double prior : SPREAD_PRIORS) {
                    rules.add(
                            new ScoringRule(
                                    a,
                                    Normalization.REFERENCE_SPREAD_PRIOR,
                                    typical,
                                    prior,
                                    1,
                                    NONE_YET));
                }
            }
        }
        return rules;
    }

    /** Whether the rule was kept whole and only the review band fitted ({@link #bandOnly}). */
    public boolean ruleKept() {
        return refit == Refit.BAND;
    }

    /** The review band the card records: between the target-FAR and target-FRR thresholds. */
    public ReviewBand reviewBand() {
        return ReviewBand.around(rule.threshold(), atTargetFar, atTargetFrr);
    }

    /**
     * The validation EER of every candidate as card metrics, e.g. {@code
     * validation_protocol_eer_skilled_mean_reference_spread}, and the typical spread.
     */
    public Map<String, Double> validationMetrics() {
        return metrics(VALIDATION_METRICS);
    }

    /**
     * The same metrics named for the writers the rule was fitted on, {@code
     * <fittedOn>_protocol_eer_...}, {@code <fittedOn>_typical_spread}, and the shares the review
     * band referred there, {@code <fittedOn>_protocol_review_genuine|skilled|random}.
     */
    public Map<String, Double> metrics(String fittedOn) {
        String kind = validation.pooled().skilled().length > 0 ? "skilled" : "random";
        Map<String, Double> metrics = new LinkedHashMap<>();
        validationEer.forEach(
                (candidate, eer) ->
                        metrics.put(
                                fittedOn
                                        + "_protocol_eer_"
                                        + kind
                                        + "_"
                                        + candidate.replace('-', '_').replace('/', '_'),
                                eer));
        if (Double.isFinite(rule.typicalSpread())) {
            metrics.put(fittedOn + "_typical_spread", rule.typicalSpread());
        }
        // What the band referred on the writers it was fitted on: the share an operator's
        // dashboard should show on traffic like theirs ("Share referred for review").
        Map<String, Double> referred =
                ProtocolMetrics.measure(validation, rule, Optional.of(reviewBand()));
        for (String trials : ModelCard.REFERRED_TRIALS) {
            Double value = referred.get("review_" + trials);
            if (value != null && Double.isFinite(value)) {
                metrics.put(ModelCard.referredMetric(fittedOn, trials), value);
            }
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
