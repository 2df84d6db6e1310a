package io.countersign.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.preprocess.Orientation;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.scoring.ReviewBand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {

    @TempDir Path dir;

    static ModelCard card() {
        return new ModelCard(
                "signet-s-test-1",
                "signet-s",
                "image",
                "embedding",
                155,
                220,
                0f,
                1f,
                128,
                new Thresholds(0.42, 0.01, 0.31),
                new Calibration(6.0, -14.0),
                null,
                Map.of("dataset", "synthetic", "epochs", 3),
                Map.of("eer", 0.08, "auc", 0.97));
    }

    @Test
    void roundTripsThroughJson() {
        Path file = dir.resolve(ModelCard.FILE_NAME);

        card().write(file);
        ModelCard read = ModelCard.read(file);

        assertThat(read).isEqualTo(card());
        assertThat(read.preprocessing()).isEqualTo(new PreprocessingSpec(155, 220, 0f, 1f));
    }

    @Test
    void keepsTheTrainingRecordInTheOrderWrittenSoARewriteIsTheSameFile() throws Exception {
        // Given a shipped card, whose training record has a few dozen keys
        Path shipped = Path.of("..", "models", "signet-s-ensemble5-int8", ModelCard.FILE_NAME);
        ModelCard card = ModelCard.read(shipped);
        assertThat(card.training().size()).isGreaterThan(10);

        // When it is written again, then the file is byte for byte the one read
        Path copy = dir.resolve(ModelCard.FILE_NAME);
        card.write(copy);
        assertThat(Files.readString(copy).strip()).isEqualTo(Files.readString(shipped).strip());
    }

    @Test
    void aSpreadPriorIsWrittenOnlyWhereTheNormalisationUsesItAndReadBack() {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        ModelCard prior =
                withScoring(new ScoringFit("mean", "reference-spread-prior", 0.7, 10.0, 5));

        prior.write(file);
        ModelCard read = ModelCard.read(file);

        assertThat(read).isEqualTo(prior);
        assertThat(read.scoringRule().spreadPrior()).isEqualTo(10.0);
        assertThat(read.scoringRule().normalizationLabel())
                .isEqualTo("reference-spread-prior (10 pairs)");
        // (6 * 0.5 + 10 * 0.7) / 16 for four references of spread 0.5
        assertThat(read.scoringRule().normalise(1.0, 0.5, 4)).isEqualTo(16 / 10.0);
        withScoring(new ScoringFit("mean", "reference-spread", 0.7, null, 5)).write(file);
        assertThat(file).content().doesNotContain("spreadPrior");
        assertThat(ModelCard.read(file).scoringRule().spreadPrior()).isEqualTo(1.0);
    }

    @Test
    void aPriorNormalisationWithoutItsPriorIsRefused() throws Exception {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        withScoring(new ScoringFit("mean", "reference-spread", 0.7, null, 5)).write(file);
        Files.writeString(
                file,
                Files.readString(file)
                        .replace("\"reference-spread\"", "\"reference-spread-prior\""));

        assertThatThrownBy(() -> ModelCard.read(file))
                .hasMessageContaining("field 'scoring'")
                .hasMessageContaining(
                        "reference-spread-prior normalization needs a positive spread prior");
    }

    @Test
    void aPenViewIsWrittenOnlyWhereTheFitHadOneAndReadBack() throws Exception {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        ScoringFit fit = new ScoringFit("mean", "reference-spread-prior", 0.7, 10.0, 5);

        withScoring(fit.withBroaderPen(1)).write(file);
        assertThat(file).content().contains("\"broaderPen\" : 1");
        assertThat(ModelCard.read(file).broaderPen()).isEqualTo(1);

        withScoring(fit.withBroaderPen(0)).write(file);
        assertThat(file).content().doesNotContain("broaderPen");
        assertThat(ModelCard.read(file).broaderPen()).isZero();

        withScoring(fit.withBroaderPen(1)).write(file);
        Files.writeString(
                file, Files.readString(file).replace("\"broaderPen\" : 1", "\"broaderPen\" : 9"));
        assertThatThrownBy(() -> ModelCard.read(file))
                .hasMessageContaining("field 'scoring.broaderPen' must be 0 to 5 pixels");
    }

    @Test
    void anOrientationIsWrittenOnlyWhereTheInkIsTurnedAndNamesTheEmbeddings() throws Exception {
        Path file = dir.resolve(ModelCard.FILE_NAME);

        // Turned: written, read back into the preprocessing, and its embeddings are not the
        // as-scanned card's (a reference set made by the one is stale for the other)
        card().withOrientation(Orientation.PRINCIPAL_AXIS).write(file);
        assertThat(file).content().contains("\"orientation\" : \"principal-axis\"");
        ModelCard turned = ModelCard.read(file);
        assertThat(turned.preprocessing().orientation()).isEqualTo(Orientation.PRINCIPAL_AXIS);
        assertThat(turned.version()).isEqualTo(card().version());
        assertThat(turned.embeddingVersion()).isNotEqualTo(card().embeddingVersion());

        // As scanned: left out, so the card reads as every card before it did
        turned.withOrientation(Orientation.AS_SCANNED).write(file);
        assertThat(file).content().doesNotContain("orientation");
        assertThat(ModelCard.read(file)).isEqualTo(card());
        assertThat(ModelCard.read(file).embeddingVersion()).isEqualTo(card().version());

        // Unknown: refused, naming the field and the ones there are
        card().withOrientation(Orientation.PRINCIPAL_AXIS).write(file);
        Files.writeString(file, Files.readString(file).replace("principal-axis", "upright"));
        assertThatThrownBy(() -> ModelCard.read(file))
                .hasMessageContaining("field 'orientation'")
                .hasMessageContaining("use as-scanned or principal-axis");
    }

    @Test
    void aReviewBandIsWrittenOnlyWhereTheFitHadOneAndContainsTheThresholdInForce()
            throws Exception {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        card().write(file);
        assertThat(file).content().doesNotContain("atTargetFrr");
        assertThat(ModelCard.read(file).reviewBand(0.42)).isEmpty();

        withThresholds(new Thresholds(0.42, 0.01, 0.31, 0.01, 0.55)).write(file);
        ModelCard read = ModelCard.read(file);

        assertThat(read.reviewBand(0.42)).contains(new ReviewBand(0.31, 0.55));
        // An operator's threshold outside the fitted band widens it: automatic verdicts at
        // distances between the band and that threshold would contradict their decision.
        assertThat(read.reviewBand(0.6)).contains(new ReviewBand(0.31, 0.6));
        assertThat(read.reviewBand(0.2)).contains(new ReviewBand(0.2, 0.55));
    }

    @Test
    void whatTheBandReferredWhereItWasFittedIsReadWhicheverWritersThatWere() {
        // The shipped default records its validation writers' shares
        ModelCard shipped =
                ModelCard.read(
                        Path.of("..", "models", "signet-s-ensemble5-int8", ModelCard.FILE_NAME));
        assertThat(shipped.referredWhereFitted("genuine").getAsDouble())
                .isEqualTo(shipped.metrics().get("validation_protocol_review_genuine"));

        // A fit on a bank's writers names them calibration_; test writers' figures never count
        ModelCard bank =
                withMetrics(
                        Map.of(
                                "test_protocol_review_genuine", 0.44,
                                "calibration_protocol_review_genuine", 0.21,
                                "calibration_protocol_review_skilled", 0.30));
        assertThat(bank.referredWhereFitted("genuine")).hasValue(0.21);
        assertThat(bank.referredWhereFitted("skilled")).hasValue(0.30);
        assertThat(bank.referredWhereFitted("random")).isEmpty();
        assertThat(card().referredWhereFitted("genuine")).isEmpty();
    }

    @Test
    void halfAReviewBandIsRefused() throws Exception {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        withThresholds(new Thresholds(0.42, 0.01, 0.31, 0.01, 0.55)).write(file);
        Files.writeString(file, Files.readString(file).replaceAll("\"targetFrr\" : [0-9.]+,", ""));

        assertThatThrownBy(() -> ModelCard.read(file))
                .hasMessageContaining("field 'thresholds.targetFrr'")
                .hasMessageContaining("come together");
    }

    private static ModelCard withThresholds(Thresholds thresholds) {
        return with(thresholds, card().scoring());
    }

    private static ModelCard withScoring(ScoringFit scoring) {
        return with(card().thresholds(), scoring);
    }

    private static ModelCard withMetrics(Map<String, Double> metrics) {
        return with(card().thresholds(), card().scoring(), metrics);
    }

    private static ModelCard with(Thresholds thresholds, ScoringFit scoring) {
        return with(thresholds, scoring, card().metrics());
    }

    private static ModelCard with(
            Thresholds thresholds, ScoringFit scoring, Map<String, Double> metrics) {
        ModelCard c = card();
        return new ModelCard(
                c.version(),
                c.architecture(),
                c.inputName(),
                c.outputName(),
                c.inputHeight(),
                c.inputWidth(),
                c.mean(),
                c.std(),
                c.embeddingSize(),
                thresholds,
                c.calibration(),
                scoring,
                c.training(),
                metrics);
    }

    @Test
    void aMissingThresholdIsNamed() throws Exception {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        card().write(file);
        String json = Files.readString(file).replaceAll("\"thresholds\"", "\"thresholdz\"");
        Files.writeString(file, json);

        assertThatThrownBy(() -> ModelCard.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'thresholds' is missing");
    }

    @Test
    void brokenJsonSaysSo() throws Exception {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        Files.writeString(file, "{ not json");

        assertThatThrownBy(() -> ModelCard.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not readable");
    }

    @Test
    void calibrationIsALogisticFallingWithDistance() {
        Calibration calibration = new Calibration(6.0, -14.0);

        assertThat(calibration.probabilityGenuine(6.0 / 14.0)).isCloseTo(0.5, within());
        assertThat(calibration.probabilityGenuine(0.1)).isGreaterThan(0.95);
        assertThat(calibration.probabilityGenuine(1.0)).isLessThan(0.01);
        assertThat(calibration.probabilityGenuine(0.3))
                .isGreaterThan(calibration.probabilityGenuine(0.4));
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
