package io.countersign.streams.testing;

import io.countersign.core.model.ModelCard;
import io.countersign.core.model.ScoringFit;
import io.countersign.core.model.Thresholds;

/**
 * Model cards for the tests: the same model released under another version, input size or scoring
 * fit.
 */
public final class Cards {

    private Cards() {}

    public static ModelCard withVersion(ModelCard card, String version) {
        return copy(card, version, card.inputHeight(), card.inputWidth(), card.scoring());
    }

    /** A card that no longer matches its ONNX file's input. */
    public static ModelCard withInput(ModelCard card, int height, int width) {
        return copy(card, card.version(), height, width, card.scoring());
    }

    /** A card that names an input or output its ONNX file does not have. */
    public static ModelCard withNames(ModelCard card, String inputName, String outputName) {
        return copy(
                card,
                card.version(),
                inputName,
                outputName,
                card.inputHeight(),
                card.inputWidth(),
                card.scoring());
    }

    /**
     * The card as a fit with reference-spread normalisation would have written it: mean
     * aggregation, the given typical spread, five references per validation writer. Its thresholds
     * and calibration stay the card's, which is all a test of the arithmetic needs.
     */
    public static ModelCard withReferenceSpread(ModelCard card, double typicalSpread) {
        return copy(
                card,
                card.version() + "-spread",
                card.inputHeight(),
                card.inputWidth(),
                new ScoringFit("mean", "reference-spread", typicalSpread, null, 5));
    }

    /**
     * The same with the typical spread weighing {@code prior} reference pairs against the
     * customer's own ({@code reference-spread-prior}), as fits since 2026-12-05 choose it.
     */
    public static ModelCard withSpreadPrior(ModelCard card, double typicalSpread, double prior) {
        return copy(
                card,
                card.version() + "-prior",
                card.inputHeight(),
                card.inputWidth(),
                new ScoringFit("mean", "reference-spread-prior", typicalSpread, prior, 5));
    }

    /**
     * The same model under a new version whose fit asks for a pen view {@code pixels} broader
     * ({@code scoring.broaderPen}), its rule otherwise the card's.
     */
    public static ModelCard withBroaderPen(ModelCard card, int pixels) {
        return copy(
                card,
                card.version() + "-pen" + pixels,
                card.inputHeight(),
                card.inputWidth(),
                card.scoringFit().withBroaderPen(pixels));
    }

    /**
     * The same model under a new version whose thresholds carry a review band from {@code
     * atTargetFar} to {@code atTargetFrr} (as a fit since review bands writes them, at 1 %), its
     * rule otherwise the card's.
     */
    public static ModelCard withReviewBand(ModelCard card, double atTargetFar, double atTargetFrr) {
        Thresholds t = card.thresholds();
        return withThresholds(
                card,
                "-review",
                new Thresholds(t.eer(), t.targetFar(), atTargetFar, 0.01, atTargetFrr));
    }

    /**
     * The same model under a new version whose thresholds carry no review band, as cards before
     * 2026-12-07 were written, its rule otherwise the card's.
     */
    public static ModelCard withoutReviewBand(ModelCard card) {
        Thresholds t = card.thresholds();
        return withThresholds(
                card,
                "-no-band",
                new Thresholds(t.eer(), t.targetFar(), t.atTargetFar(), null, null));
    }

    private static ModelCard withThresholds(ModelCard card, String suffix, Thresholds thresholds) {
        return new ModelCard(
                card.version() + suffix,
                card.architecture(),
                card.inputName(),
                card.outputName(),
                card.inputHeight(),
                card.inputWidth(),
                card.mean(),
                card.std(),
                card.embeddingSize(),
                thresholds,
                card.calibration(),
                card.scoring(),
                card.training(),
                card.metrics());
    }

    private static ModelCard copy(
            ModelCard card, String version, int height, int width, ScoringFit scoring) {
        return copy(card, version, card.inputName(), card.outputName(), height, width, scoring);
    }

    private static ModelCard copy(
            ModelCard card,
            String version,
            String inputName,
            String outputName,
            int height,
            int width,
            ScoringFit scoring) {
        return new ModelCard(
                version,
                card.architecture(),
                inputName,
                outputName,
                height,
                width,
                card.mean(),
                card.std(),
                card.embeddingSize(),
                card.thresholds(),
                card.calibration(),
                scoring,
                card.training(),
                card.metrics());
    }
}
