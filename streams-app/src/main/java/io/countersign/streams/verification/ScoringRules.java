package io.countersign.streams.verification;

import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scoring rule the service applies: the model card's, with the operator's overrides. */
public final class ScoringRules {

    private static final Logger log = LoggerFactory.getLogger(ScoringRules.class);

    private ScoringRules() {}

    /**
     * The card's rule (aggregation, normalisation, typical spread, EER threshold, calibration),
     * with another aggregation and threshold where the operator set them. The normalisation is
     * always the card's: a threshold fitted on raw distances means nothing for normalised ones.
     */
    public static ScoringRule served(
            ModelCard card, Optional<Aggregation> aggregation, OptionalDouble threshold) {
        ScoringRule fitted = card.scoringRule();
        ScoringRule rule = fitted;
        if (aggregation.isPresent() && aggregation.get() != fitted.aggregation()) {
            // Allowed, for an operator who knows why, but the card's numbers no longer fit.
            log.warn(
                    "scoring.aggregation={} differs from the model card's: its threshold and"
                            + " calibration were fitted for {} with normalization {}, so"
                            + " probabilities are off and scoring.threshold should be refitted",
                    aggregation.get().id(),
                    fitted.aggregation().id(),
                    fitted.normalizationLabel());
            rule = fitted.withAggregation(aggregation.get());
        }
        ScoringRule served =
                threshold.isPresent() ? rule.withThreshold(threshold.getAsDouble()) : rule;
        warnIfDecisionAndProbabilityDisagree(served, threshold.isPresent());
        return served;
    }

    /**
     * The served card's review band around the threshold in force, where the card has one and the
     * distances are the ones it was fitted on: none where the operator changed the aggregation.
     */
    public static Optional<ReviewBand> reviewBand(ModelCard card, ScoringRule served) {
        if (served.aggregation() != card.scoringRule().aggregation()) {
            if (card.reviewBand(served.threshold()).isPresent()) {
                log.warn(
                        "scoring.aggregation={} differs from the model card's: its review band"
                                + " was fitted for {} distances, so verdicts carry no review flag",
                        served.aggregation().id(),
                        card.scoringRule().aggregation().id());
            }
            return Optional.empty();
        }
        return card.reviewBand(served.threshold());
    }

    /**
     * Whether the review band in force is the one the card's figures describe: the card has a band
     * and the operator moved neither its threshold nor its aggregation.
     */
    public static boolean bandAsFitted(
            ModelCard card, Optional<Aggregation> aggregation, OptionalDouble threshold) {
        boolean sameAggregation =
                aggregation.map(a -> a == card.scoringRule().aggregation()).orElse(true);
        return sameAggregation
                && threshold.isEmpty()
                && card.reviewBand(card.thresholds().eer()).isPresent();
    }

    /**
     * The rule in force in one line, for the start-up log: what an operator checks against the
     * model card (no customer data: the card's numbers only).
     */
    public static String describe(ModelCard card, ScoringRule served, Optional<ReviewBand> band) {
        return String.format(
                Locale.ROOT,
                "model %s scores the %s distance, normalisation %s, threshold %.4f (P(genuine) ="
                        + " %.2f there), %s",
                card.version(),
                served.aggregation().id(),
                served.normalizationLabel(),
                served.threshold(),
                served.calibration().probabilityGenuine(served.threshold()),
                band.map(
                                b ->
                                        String.format(
                                                Locale.ROOT,
                                                "review band (%.4f, %.4f]",
                                                b.genuineAtMost(),
                                                b.forgedAbove()))
                        .orElse("no review band (verdicts carry no review flag)"));
    }

    /**
     * A verdict must not say FORGED with P(genuine) above one half: the threshold should sit at the
     * calibration's even-odds point, as the trainer fits it. An older card, or an operator's
     * threshold, may not; say so once at start-up rather than in every verdict.
     */
    private static void warnIfDecisionAndProbabilityDisagree(ScoringRule rule, boolean override) {
        double atThreshold = rule.calibration().probabilityGenuine(rule.threshold());
        if (Math.abs(atThreshold - 0.5) > 0.01) {
            log.warn(
                    "{} {} is not where the calibration gives P(genuine) = 0.5 ({}): verdicts"
                            + " near it will say FORGED with P(genuine) above 0.5 or GENUINE"
                            + " below it",
                    override ? "scoring.threshold" : "the model card's threshold",
                    String.format(Locale.ROOT, "%.4f", rule.threshold()),
                    String.format(
                            Locale.ROOT,
                            "P = %.2f there; even odds at %.4f",
                            atThreshold,
                            -rule.calibration().intercept() / rule.calibration().slope()));
        }
    }
}
