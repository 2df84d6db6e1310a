package io.countersign.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.countersign.core.preprocess.BroaderPen;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What travels next to every ONNX file: the model's identity, the preprocessing it expects, its
 * decision thresholds, its calibration and how well it measured.
 *
 * @param version unique version string; reference embeddings record it, so a new version triggers
 *     re-embedding
 * @param architecture e.g. {@code signet} or {@code signet-s}
 * @param inputName the ONNX graph's input name
 * @param outputName the ONNX graph's output name
 * @param inputHeight model input height in pixels (SigNet: 155)
 * @param inputWidth model input width in pixels (SigNet: 220)
 * @param mean subtracted from the ink intensity in [0, 1]
 * @param std divides the centred ink intensity
 * @param orientation how the ink is turned before it is fitted into the canvas (core's {@code
 *     Orientation}: {@code principal-axis}); null, as in every card before it, means as scanned
 * @param embeddingSize length of the embedding vector
 * @param thresholds distance thresholds at the EER and at a target FAR
 * @param calibration distance-to-probability calibration
 * @param scoring how the threshold and calibration were fitted (aggregation, normalisation); null
 *     in cards older than normalisation, which means mean distance without normalisation
 * @param training data and hyper-parameters the model was trained with
 * @param metrics measured metrics, in the order the trainer wrote them: service-protocol metrics on
 *     the test writers first ({@code test_protocol_*}), then pair metrics ({@code test_eer_*} ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        String version,
        String architecture,
        String inputName,
        String outputName,
        int inputHeight,
        int inputWidth,
        float mean,
        float std,
        String orientation,
        int embeddingSize,
        Thresholds thresholds,
        Calibration calibration,
        ScoringFit scoring,
        Map<String, Object> training,
        Map<String, Double> metrics) {

    /** The file name a model card has inside a model directory. */
    public static final String FILE_NAME = "model-card.json";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelCard {
        // Both in the order given: a card reads with its headline (protocol) metrics first, and
        // writing one twice gives the same file (Map.copyOf would shuffle the keys per JVM).
        training =
                training == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(training));
        metrics =
                metrics == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A card for ink left as scanned (no {@code orientation}). */
    public ModelCard(
            String version,
            String architecture,
            String inputName,
            String outputName,
            int inputHeight,
            int inputWidth,
            float mean,
            float std,
            int embeddingSize,
            Thresholds thresholds,
            Calibration calibration,
            ScoringFit scoring,
            Map<String, Object> training,
            Map<String, Double> metrics) {
        this(
                version,
                architecture,
                inputName,
                outputName,
                inputHeight,
                inputWidth,
                mean,
                std,
                null,
                embeddingSize,
                thresholds,
                calibration,
                scoring,
                training,
                metrics);
    }

    /** Reads and validates a model card; a broken card names the field to fix. */
    public static ModelCard read(Path file) {
        ModelCard card;
        try {
            card = JSON.readValue(file.toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "model card " + file + " is not readable: " + firstLine(e.getMessage()), e);
        }
        card.validate(file.toString());
        return card;
    }

    /** Writes this card as indented JSON. */
    public void write(Path file) {
        validate(file.toString());
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model card " + file, e);
        }
    }

    /** How the threshold and calibration were fitted; {@link ScoringFit#LEGACY} if unsaid. */
    public ScoringFit scoringFit() {
        return scoring != null ? scoring : ScoringFit.LEGACY;
    }

    /**
     * The rule the card's threshold and calibration were fitted for, with the card's EER threshold
     * (the service may override the threshold, never the rest).
     */
    public ScoringRule scoringRule() {
        ScoringFit fit = scoringFit();
        // A section that leaves a field out means what a card without the section means.
        Normalization normalization =
                Normalization.parse(
                        fit.normalization() != null
                                ? fit.normalization()
                                : ScoringFit.LEGACY.normalization());
        return new ScoringRule(
                Aggregation.parse(
                        fit.aggregation() != null
                                ? fit.aggregation()
                                : ScoringFit.LEGACY.aggregation()),
                normalization,
                fit.typicalSpread() != null ? fit.typicalSpread() : Double.NaN,
                fit.spreadPrior() != null ? fit.spreadPrior() : Double.NaN,
                thresholds.eer(),
                calibration);
    }

    /**
     * The review band around {@code threshold} (the card's, or the operator's in force), where the
     * card has one: cards fitted before review bands have none, and every verdict is automatic.
     */
    public Optional<ReviewBand> reviewBand(double threshold) {
        if (thresholds.atTargetFrr() == null) {
            return Optional.empty();
        }
        return Optional.of(
                ReviewBand.around(threshold, thresholds.atTargetFar(), thresholds.atTargetFrr()));
    }

    /** The kinds of request whose share referred for review a card records. */
    public static final List<String> REFERRED_TRIALS = List.of("genuine", "skilled", "random");

    /**
     * The metric that holds the share of {@code kind} the review band referred on the writers
     * {@code fittedOn} ({@code validation}, or {@code calibration} for a bank's own), as the
     * trainer writes it and {@link #referredWhereFitted} reads it.
     */
    public static String referredMetric(String fittedOn, String kind) {
        return fittedOn + "_protocol_review_" + kind;
    }

    /**
     * The share of one kind of request ({@code genuine}, or {@code skilled} or {@code random}
     * forgeries) that the card's review band referred on the writers it was fitted on: the
     * trainer's {@code validation_protocol_review_<kind>}, or {@code calibration_...} after a fit
     * on a bank's own writers (a fit drops the earlier fit's figures, so there is one). What the
     * service's share referred for review should read on traffic like theirs; empty for a card that
     * does not record it.
     */
    public OptionalDouble referredWhereFitted(String kind) {
        String suffix = referredMetric("", kind);
        return metrics.entrySet().stream()
                .filter(m -> m.getKey().endsWith(suffix) && !m.getKey().startsWith("test_"))
                .mapToDouble(Map.Entry::getValue)
                .findFirst();
    }

    /**
     * How many pixels broader a reference's pen view is (core's {@code BroaderPen}): the service
     * embeds each reference in that view too and compares a questioned image with the pen nearest
     * its ink level, as the card's rule was fitted; 0 for none (every card before pen views).
     */
    public int broaderPen() {
        Integer pixels = scoringFit().broaderPen();
        return pixels == null ? 0 : pixels;
    }

    /** The preprocessing the model expects, for core's preprocessor. */
    public PreprocessingSpec preprocessing() {
        return new PreprocessingSpec(
                inputHeight, inputWidth, mean, std, Orientation.parse(orientation));
    }

    /**
     * The same card with the ink turned as {@code turned} says; the field is left out of the file
     * for {@link Orientation#AS_SCANNED}, so such a card reads as every card before it did.
     */
    public ModelCard withOrientation(Orientation turned) {
        return new ModelCard(
                version,
                architecture,
                inputName,
                outputName,
                inputHeight,
                inputWidth,
                mean,
                std,
                turned == Orientation.AS_SCANNED ? null : turned.id(),
                embeddingSize,
                thresholds,
                calibration,
                scoring,
                training,
                metrics);
    }

    /**
     * What made a reference set's embeddings, for telling whether they are current: the card's
     * version, and its orientation where the ink is turned. A card recalibrated to turn the ink
     * keeps its version, but every reference embedded as scanned must be embedded again.
     */
    public String embeddingVersion() {
        Orientation turned = Orientation.parse(orientation);
        return turned == Orientation.AS_SCANNED ? version : version + "+" + turned.id();
    }

    private void validate(String where) {
        require(version != null && !version.isBlank(), where, "version", "must be non-empty");
        require(inputName != null && !inputName.isBlank(), where, "inputName", "must be non-empty");
        require(
                outputName != null && !outputName.isBlank(),
                where,
                "outputName",
                "must be non-empty");
        require(inputHeight > 0, where, "inputHeight", "must be positive");
        require(inputWidth > 0, where, "inputWidth", "must be positive");
        require(std > 0, where, "std", "must be positive");
        try {
            Orientation.parse(orientation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "model card " + where + ": field 'orientation' " + e.getMessage(), e);
        }
        require(embeddingSize > 0, where, "embeddingSize", "must be positive");
        require(thresholds != null, where, "thresholds", "is missing");
        require(thresholds.eer() > 0, where, "thresholds.eer", "must be a positive distance");
        require(
                (thresholds.targetFrr() == null) == (thresholds.atTargetFrr() == null),
                where,
                "thresholds.targetFrr",
                "and thresholds.atTargetFrr come together (a review band) or not at all");
        require(
                thresholds.atTargetFrr() == null || thresholds.atTargetFrr() > 0,
                where,
                "thresholds.atTargetFrr",
                "must be a positive distance");
        require(calibration != null, where, "calibration", "is missing");
        require(
                broaderPen() >= 0 && broaderPen() <= BroaderPen.MAX_PIXELS,
                where,
                "scoring.broaderPen",
                "must be 0 to " + BroaderPen.MAX_PIXELS + " pixels");
        try {
            scoringRule();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "model card " + where + ": field 'scoring' " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static void require(boolean ok, String where, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "model card " + where + ": field '" + field + "' " + problem);
        }
    }
}
