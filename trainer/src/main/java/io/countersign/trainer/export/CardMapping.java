package io.countersign.trainer.export;

import io.countersign.core.model.ModelCard;
import io.countersign.core.model.ScoringFit;
import io.countersign.core.model.Thresholds;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.trainer.evaluation.LogisticCalibration;
import io.countersign.trainer.evaluation.OperatingPoint;
import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.model.SigNetVariant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps the trainer's results to core's model card and back. */
public final class CardMapping {

    private CardMapping() {}

    /** The training record's note of the last {@code countersign calibrate}. */
    public static final String RECALIBRATION = "recalibration";

    /** The training record's notes of the ones before it, oldest first. */
    public static final String EARLIER_RECALIBRATIONS = "earlierRecalibrations";

    /**
     * The card of a trained model, scoring as the protocol fit chose. {@code thresholds.eer} holds
     * the fit's threshold, the calibration's even-odds point (the name predates the protocol fit:
     * it is what the service uses as its default threshold); {@code thresholds.atTargetFar} the
     * threshold at the target FAR on validation skilled forgeries and {@code atTargetFrr} the one
     * at the same FRR on validation genuine signatures (the review band's edges), all in the rule's
     * (normalised) units.
     */
    public static ModelCard card(
            String version,
            SigNetVariant variant,
            PreprocessingSpec spec,
            ProtocolFit fit,
            Map<String, Object> training,
            Map<String, Double> metrics) {
        return withRule(
                version,
                variant.id(),
                OnnxExporter.INPUT,
                OnnxExporter.OUTPUT,
                spec,
                SigNetVariant.EMBEDDING_SIZE,
                fit,
                training,
                metrics);
    }

    /**
     * The same card with one more entry in its training record, for a change to the model file that
     * leaves what it computes, and so the card's rule, as they were ({@code countersign optimize}).
     */
    public static ModelCard withTrainingNote(ModelCard card, String key, Object note) {
        return withTrainingNote(card, card.version(), key, note);
    }

    /**
     * The same under another version, for a change to the model file that moves its embeddings a
     * little ({@code countersign quantize}): references embedded by the old file are re-embedded.
     * Its rule is still the old file's: fit it again.
     */
    public static ModelCard withTrainingNote(
            ModelCard card, String version, String key, Object note) {
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        training.put(key, note);
        return new ModelCard(
                version,
                card.architecture(),
                card.inputName(),
                card.outputName(),
                card.inputHeight(),
                card.inputWidth(),
                card.mean(),
                card.std(),
                card.orientation(),
                card.embeddingSize(),
                card.thresholds(),
                card.calibration(),
                card.scoring(),
                training,
                card.metrics());
    }

    /**
     * A card whose scoring rule was fitted again ({@code countersign calibrate}): the same model,
     * preprocessing and training record, the new rule, and a note of the recalibration. Metrics
     * measured under the old rule go: the test writers' (measure them again with {@code evaluate})
     * and the old fit's candidates'. The new fit's are named for the writers it was fitted on
     * ({@link ProtocolFit#metrics}): {@code calibration_*} for a corpus the model never saw, so
     * that a bank's refitted card does not present its own writers' figures as the training run's.
     * An earlier recalibration's note moves to {@code earlierRecalibrations}, oldest first, so that
     * the card keeps how each rule and band it served came about.
     */
    public static ModelCard recalibrated(
            ModelCard card, ProtocolFit fit, Map<String, Object> recalibration, String fittedOn) {
        Map<String, Object> notes = new LinkedHashMap<>();
        Object earlier = card.training().get(RECALIBRATION);
        if (earlier != null) {
            List<Object> history = new ArrayList<>();
            if (card.training().get(EARLIER_RECALIBRATIONS) instanceof List<?> before) {
                history.addAll(before);
            }
            history.add(earlier);
            notes.put(EARLIER_RECALIBRATIONS, history);
        }
        notes.put(RECALIBRATION, recalibration);
        return withFit(card, fit, notes, fittedOn);
    }

    /**
     * The card with the scoring rule of {@code fit}: the same model, preprocessing and training
     * record (plus the forgeries the rule was fitted against), the fit's validation metrics, and
     * none of the metrics measured under an earlier rule (the test writers' stay where the rule is
     * the card's own: {@link #keepsRule}).
     */
    public static ModelCard withFit(ModelCard card, ProtocolFit fit) {
        return withFit(card, fit, Map.of(), ProtocolFit.VALIDATION_METRICS);
    }

    /** The same, with {@code trainingNotes} put into the card's training record. */
    public static ModelCard withFit(
            ModelCard card, ProtocolFit fit, Map<String, Object> trainingNotes) {
        return withFit(card, fit, trainingNotes, ProtocolFit.VALIDATION_METRICS);
    }

    /**
     * Whether a refit came back with the card's own rule, to the last bit (aggregation,
     * normalisation, typical spread, prior, threshold, calibration), and with its review band where
     * the card had one: the test writers' metrics measured under it then still hold, and stay.
     */
    public static boolean keepsRule(ModelCard card, ProtocolFit fit) {
        return keepsDecisions(card, fit) && keepsBand(card, fit);
    }

    /**
     * Whether a refit came back with the card's own decisions (aggregation, normalisation, typical
     * spread, prior, threshold, calibration, to the last bit), whatever its review band: every test
     * metric but the band's then still holds.
     */
    public static boolean keepsDecisions(ModelCard card, ProtocolFit fit) {
        return fit.rule().equals(card.scoringRule());
    }

    private static boolean keepsBand(ModelCard card, ProtocolFit fit) {
        return card.thresholds().atTargetFrr() == null
                || card.reviewBand(card.thresholds().eer()).equals(Optional.of(fit.reviewBand()));
    }

    /** A metric of what the review band refers ({@code review_*}) or leaves automatic. */
    private static boolean measuresTheBand(String name) {
        return name.contains("review_") || name.contains("_automatic");
    }

    private static ModelCard withFit(
            ModelCard card, ProtocolFit fit, Map<String, Object> trainingNotes, String fittedOn) {
        Map<String, Object> training = new LinkedHashMap<>(card.training());
        training.putAll(trainingNotes);
        if (fit.target() != null) {
            training.put("calibratedAgainst", fit.target().id());
        }
        if (fit.thresholdAt() != null) {
            training.put("thresholdAt", fit.thresholdAt().id());
        }
        training.put("bandEdges", fit.bandEdges().id());
        Map<String, Double> metrics = new LinkedHashMap<>(fit.metrics(fittedOn));
        boolean sameRule = keepsRule(card, fit);
        boolean sameDecisions = keepsDecisions(card, fit);
        card.metrics()
                .forEach(
                        (name, value) -> {
                            boolean stillHolds =
                                    sameRule || (sameDecisions && !measuresTheBand(name));
                            if ((stillHolds || !name.startsWith("test_"))
                                    && !fromAnEarlierFit(name)) {
                                metrics.put(name, value);
                            }
                        });
        return withRule(
                card.version(),
                card.architecture(),
                card.inputName(),
                card.outputName(),
                card.preprocessing(),
                card.embeddingSize(),
                fit,
                training,
                metrics);
    }

    private static ModelCard withRule(
            String version,
            String architecture,
            String inputName,
            String outputName,
            PreprocessingSpec spec,
            int embeddingSize,
            ProtocolFit fit,
            Map<String, Object> training,
            Map<String, Double> metrics) {
        ScoringRule rule = fit.rule();
        boolean normalised = rule.normalization().usesSpread();
        return new ModelCard(
                version,
                architecture,
                inputName,
                outputName,
                spec.height(),
                spec.width(),
                spec.mean(),
                spec.std(),
                spec.orientation() == Orientation.AS_SCANNED ? null : spec.orientation().id(),
                embeddingSize,
                new Thresholds(
                        rule.threshold(),
                        fit.targetFar(),
                        fit.atTargetFar(),
                        fit.targetFrr(),
                        fit.atTargetFrr()),
                rule.calibration(),
                new ScoringFit(
                                rule.aggregation().id(),
                                rule.normalization().id(),
                                // Core's card says null without normalisation; the spread is in
                                // metrics.
                                normalised ? rule.typicalSpread() : null,
                                rule.normalization() == Normalization.REFERENCE_SPREAD_PRIOR
                                        ? rule.spreadPrior()
                                        : null,
                                fit.references())
                        .withBroaderPen(fit.broaderPen()),
                training,
                metrics);
    }

    /**
     * The operating point a card records (validation EER from its metrics, if present), for pair
     * metrics: its threshold is only meaningful on pair distances for a card without normalisation.
     */
    public static OperatingPoint operatingPoint(ModelCard card) {
        return new OperatingPoint(
                card.thresholds().eer(),
                card.metrics().getOrDefault("validation_eer", Double.NaN),
                card.thresholds().targetFar(),
                card.thresholds().atTargetFar(),
                new LogisticCalibration(
                        card.calibration().intercept(), card.calibration().slope()));
    }

    /** A metric an earlier fit of the rule wrote, on whichever writers it was fitted. */
    private static boolean fromAnEarlierFit(String name) {
        for (String fittedOn :
                List.of(ProtocolFit.VALIDATION_METRICS, ProtocolFit.CALIBRATION_METRICS)) {
            if (name.startsWith(fittedOn + "_protocol_")
                    || name.equals(fittedOn + "_typical_spread")) {
                return true;
            }
        }
        return false;
    }
}
