package io.countersign.streams.verification;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.streams.testing.Cards;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ScoringRulesTest {

    private static final ModelCard SHIPPED =
            ModelCard.read(Path.of("..", "models", "signet-s-synthetic", ModelCard.FILE_NAME));

    private final Logger logger = (Logger) LoggerFactory.getLogger(ScoringRules.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void withoutOverridesTheCardsRuleIsServed() {
        // Given a card fitted with reference-spread normalisation
        ModelCard card = Cards.withReferenceSpread(SHIPPED, 0.25);

        // When the service's rule is made without overrides
        ScoringRule rule = ScoringRules.served(card, Optional.empty(), OptionalDouble.empty());

        // Then it is the card's, and nothing is logged
        assertThat(rule).isEqualTo(card.scoringRule());
        assertThat(rule.normalization()).isEqualTo(Normalization.REFERENCE_SPREAD);
        assertThat(rule.threshold()).isEqualTo(SHIPPED.thresholds().eer());
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aLegacyCardIsScoredOnTheMeanWithoutNormalisation() {
        ScoringRule rule = ScoringRules.served(SHIPPED, Optional.empty(), OptionalDouble.empty());

        assertThat(rule.aggregation()).isEqualTo(Aggregation.MEAN);
        assertThat(rule.normalization()).isEqualTo(Normalization.NONE);
    }

    @Test
    void anotherAggregationIsServedWithOneWarningThatNamesWhatTheCardWasFittedFor() {
        // Given a card fitted for the mean
        ModelCard card = Cards.withReferenceSpread(SHIPPED, 0.25);

        // When the operator asks for the minimum and a threshold of their own
        ScoringRule rule =
                ScoringRules.served(card, Optional.of(Aggregation.MIN), OptionalDouble.of(0.9));

        // Then both overrides apply, the normalisation stays the card's, and one WARN says why
        // the card's numbers no longer fit
        assertThat(rule.aggregation()).isEqualTo(Aggregation.MIN);
        assertThat(rule.normalization()).isEqualTo(Normalization.REFERENCE_SPREAD);
        assertThat(rule.typicalSpread()).isEqualTo(0.25);
        assertThat(rule.threshold()).isEqualTo(0.9);
        List<ILoggingEvent> warnings = logged.list;
        assertThat(warnings).hasSize(2).allMatch(w -> w.getLevel() == Level.WARN);
        assertThat(warnings.get(0).getFormattedMessage())
                .contains("scoring.aggregation=min")
                .contains("fitted for mean with normalization reference-spread");
        // and a second that the threshold no longer sits at the calibration's even odds
        assertThat(warnings.get(1).getFormattedMessage()).contains("scoring.threshold 0.9000");
    }

    @Test
    void everyShippedCardDecidesWhereItsProbabilityIsEven() throws Exception {
        List<Path> shipped = shippedModels();
        assertThat(shipped).hasSizeGreaterThanOrEqualTo(3);
        for (Path model : shipped) {
            ModelCard card = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
            ScoringRule rule = ScoringRules.served(card, Optional.empty(), OptionalDouble.empty());

            // A verdict must never say FORGED with P(genuine) above 0.5, nor GENUINE below it
            double t = rule.threshold();
            assertThat(rule.calibration().probabilityGenuine(t))
                    .as(model.toString())
                    .isCloseTo(0.5, within());
            assertThat(rule.calibration().probabilityGenuine(t * 0.999))
                    .as(model.toString())
                    .isGreaterThan(0.5);
            assertThat(rule.calibration().probabilityGenuine(t * 1.001))
                    .as(model.toString())
                    .isLessThan(0.5);
        }
        assertThat(logged.list).isEmpty();
    }

    /** Every model directory under models/, so a model added later is checked too. */
    private static List<Path> shippedModels() throws java.io.IOException {
        try (java.util.stream.Stream<Path> dirs =
                java.nio.file.Files.list(Path.of("..", "models"))) {
            return dirs.filter(
                            d -> java.nio.file.Files.isRegularFile(d.resolve(ModelCard.FILE_NAME)))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aThresholdAwayFromEvenOddsIsServedWithAWarningThatSaysWhereEvenOddsAre() {
        ScoringRule rule = ScoringRules.served(SHIPPED, Optional.empty(), OptionalDouble.of(0.3));

        assertThat(rule.threshold()).isEqualTo(0.3);
        assertThat(logged.list).hasSize(1);
        assertThat(logged.list.get(0).getFormattedMessage())
                .contains("scoring.threshold 0.3000")
                .contains("even odds at 0.4186");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }

    @Test
    void theCardsOwnAggregationIsNoOverride() {
        ScoringRule rule =
                ScoringRules.served(SHIPPED, Optional.of(Aggregation.MEAN), OptionalDouble.empty());

        assertThat(rule).isEqualTo(SHIPPED.scoringRule());
        assertThat(logged.list).isEmpty();
    }

    @Test
    void theCardsReferredSharesDescribeTheBandOnlyWhileTheOperatorMovesNothing() {
        Optional<Aggregation> cards = Optional.of(SHIPPED.scoringRule().aggregation());
        Aggregation other = cards.get() == Aggregation.MEAN ? Aggregation.MIN : Aggregation.MEAN;

        assertThat(ScoringRules.bandAsFitted(SHIPPED, Optional.empty(), OptionalDouble.empty()))
                .isTrue();
        assertThat(ScoringRules.bandAsFitted(SHIPPED, cards, OptionalDouble.empty())).isTrue();
        assertThat(ScoringRules.bandAsFitted(SHIPPED, Optional.empty(), OptionalDouble.of(0.5)))
                .as("an operator's threshold moves the band")
                .isFalse();
        assertThat(ScoringRules.bandAsFitted(SHIPPED, Optional.of(other), OptionalDouble.empty()))
                .as("another aggregation has no band")
                .isFalse();
        assertThat(
                        ScoringRules.bandAsFitted(
                                Cards.withoutReviewBand(SHIPPED),
                                Optional.empty(),
                                OptionalDouble.empty()))
                .as("a card without one")
                .isFalse();
    }

    @Test
    void theCardsReviewBandIsServedAroundTheThresholdInForceAndDroppedWithAnotherAggregation() {
        // Given a card fitted for the mean, with a review band (0.3, 0.6] around its threshold
        ModelCard card = Cards.withReviewBand(SHIPPED, 0.3, 0.6);
        assertThat(card.thresholds().eer()).isBetween(0.3, 0.6);

        // Then the service marks that band, widened to an operator's threshold above it
        ScoringRule asFitted = ScoringRules.served(card, Optional.empty(), OptionalDouble.empty());
        assertThat(ScoringRules.reviewBand(card, asFitted)).contains(new ReviewBand(0.3, 0.6));
        ScoringRule stricter = ScoringRules.served(card, Optional.empty(), OptionalDouble.of(0.7));
        assertThat(ScoringRules.reviewBand(card, stricter)).contains(new ReviewBand(0.3, 0.7));
        assertThat(ScoringRules.reviewBand(Cards.withoutReviewBand(SHIPPED), asFitted))
                .as("a card without one")
                .isEmpty();

        // And none for distances the band was not fitted on, with a warning that says so
        logged.list.clear();
        ScoringRule min =
                ScoringRules.served(card, Optional.of(Aggregation.MIN), OptionalDouble.empty());
        assertThat(ScoringRules.reviewBand(card, min)).isEmpty();
        assertThat(logged.list)
                .anySatisfy(
                        e ->
                                assertThat(e.getFormattedMessage())
                                        .contains("its review band was fitted for mean"));
    }

    @Test
    void theRuleInForceIsOneLineWithTheCardsNumbersOnly() {
        // Given the shipped card served as fitted, and with an operator's aggregation
        ScoringRule asFitted =
                ScoringRules.served(SHIPPED, Optional.empty(), OptionalDouble.empty());
        ScoringRule min =
                ScoringRules.served(SHIPPED, Optional.of(Aggregation.MIN), OptionalDouble.empty());

        // Then each is described by its model, aggregation, normalisation, threshold and band
        assertThat(
                        ScoringRules.describe(
                                SHIPPED, asFitted, ScoringRules.reviewBand(SHIPPED, asFitted)))
                .isEqualTo(
                        String.format(
                                java.util.Locale.ROOT,
                                "model %s scores the mean distance, normalisation none, threshold"
                                        + " %.4f (P(genuine) = 0.50 there), review band (%.4f,"
                                        + " %.4f]",
                                SHIPPED.version(),
                                SHIPPED.thresholds().eer(),
                                SHIPPED.thresholds().atTargetFar(),
                                SHIPPED.thresholds().atTargetFrr()));
        assertThat(ScoringRules.describe(SHIPPED, min, ScoringRules.reviewBand(SHIPPED, min)))
                .contains("scores the min distance")
                .endsWith("no review band (verdicts carry no review flag)");
    }
}
