package io.countersign.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.countersign.core.image.ImageTone;
import io.countersign.core.model.Calibration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static final Calibration CALIBRATION = new Calibration(2.0, -4.0);

    @Test
    void euclideanDistanceByHand() {
        assertThat(Distances.euclidean(new float[] {0, 0}, new float[] {3, 4})).isEqualTo(5.0);
        assertThatThrownBy(() -> Distances.euclidean(new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meanAggregationDecidesAgainstTheThreshold() {
        // Given references at distance 0.3 and 0.5 from the questioned embedding
        float[] questioned = {0f, 0f};
        List<float[]> references = List.of(new float[] {0.3f, 0f}, new float[] {0f, 0.5f});

        // When scored with mean aggregation at threshold 0.45
        Score score = Scorer.score(questioned, references, Aggregation.MEAN, 0.45, CALIBRATION);

        // Then the mean 0.4 is genuine, with p = 1 / (1 + e^-(2 - 1.6))
        assertThat(score.genuine()).isTrue();
        assertThat(score.distance()).isCloseTo(0.4, offset(1e-6));
        assertThat(score.referenceDistances())
                .containsExactly(new double[] {0.3, 0.5}, offset(1e-6));
        assertThat(score.probabilityGenuine()).isCloseTo(1 / (1 + Math.exp(-0.4)), offset(1e-6));
    }

    @Test
    void minAggregationTakesTheClosestReference() {
        float[] questioned = {0f, 0f};
        List<float[]> references = List.of(new float[] {0.3f, 0f}, new float[] {0f, 0.9f});

        assertThat(Scorer.score(questioned, references, Aggregation.MIN, 0.25, CALIBRATION))
                .satisfies(
                        s -> {
                            assertThat(s.distance()).isCloseTo(0.3, offset(1e-6));
                            assertThat(s.genuine()).isFalse();
                        });
    }

    @Test
    void aggregationParsesConfigValuesAndNamesTheChoices() {
        assertThat(Aggregation.parse(" min ")).isEqualTo(Aggregation.MIN);
        assertThatThrownBy(() -> Aggregation.parse("median"))
                .hasMessageContaining("median")
                .hasMessageContaining("MEAN");
    }

    @Test
    void anEmptyReferenceSetIsAnError() {
        assertThatThrownBy(
                        () ->
                                Scorer.score(
                                        new float[2],
                                        List.of(),
                                        Aggregation.MEAN,
                                        0.5,
                                        CALIBRATION))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQuestionedImageIsScoredAgainstTheReferencesInTheViewItIsGiven() {
        // Given references whose bitonal views lie elsewhere, with spreads 5 and 10 by hand
        List<float[]> asScanned = List.of(new float[] {0f, 0f}, new float[] {3f, 4f});
        List<float[]> bitonal = List.of(new float[] {0f, 0f}, new float[] {6f, 8f});
        ReferenceViews views = ReferenceViews.of(asScanned, bitonal);
        assertThat(views.spread()).isEqualTo(5.0);
        assertThat(views.bitonalSpread()).isEqualTo(10.0);
        // and a rule that divides the mean distance by the customer's own spread (one prior pair
        // at a typical spread of 5)
        ScoringRule rule =
                new ScoringRule(
                        Aggregation.MEAN,
                        Normalization.REFERENCE_SPREAD,
                        5.0,
                        ScoringRule.ONE_PAIR,
                        1.0,
                        CALIBRATION);
        float[] questioned = {0f, 0f};

        // When it is scored in the grey view and in the bitonal one
        Score grey = Scorer.score(questioned, ImageTone.GREY, views, rule);
        Score bitonalScore = Scorer.score(questioned, ImageTone.BITONAL, views, rule);

        // Then each used its own view and that view's spread: (0 + 5) / 2 / 5 and (0 + 10) / 2 /
        // ((10 + 5) / 2)
        assertThat(grey.referenceDistances()).containsExactly(new double[] {0, 5}, offset(1e-9));
        assertThat(grey.distance()).isCloseTo(0.5, offset(1e-9));
        assertThat(bitonalScore.referenceDistances())
                .containsExactly(new double[] {0, 10}, offset(1e-9));
        assertThat(bitonalScore.distance()).isCloseTo(5.0 / 7.5, offset(1e-9));
    }

    @Test
    void bothSidesAreComparedAsBitonalWhereEitherIsBitonal() {
        // Given grey references (each with a bitonal view of its own) and a set where one
        // reference is bitonal itself (its two views the same)
        ReferenceViews grey =
                ReferenceViews.of(
                        List.of(new float[] {0f}, new float[] {1f}),
                        List.of(new float[] {5f}, new float[] {6f}));
        ReferenceViews oneBitonal =
                ReferenceViews.of(
                        List.of(new float[] {0f}, new float[] {1f}),
                        List.of(new float[] {5f}, new float[] {1f}));

        // When / Then grey meets grey as scanned; anything bitonal on either side, as bitonal
        assertThat(grey.viewFor(ImageTone.GREY)).isEqualTo(ImageTone.GREY);
        assertThat(grey.viewFor(ImageTone.BITONAL)).isEqualTo(ImageTone.BITONAL);
        assertThat(oneBitonal.viewFor(ImageTone.GREY)).isEqualTo(ImageTone.BITONAL);
        assertThat(oneBitonal.viewFor(ImageTone.BITONAL)).isEqualTo(ImageTone.BITONAL);
        assertThat(grey.in(ImageTone.BITONAL)).containsExactlyElementsOf(grey.bitonal());
        assertThat(grey.bitonalReferences()).isZero();
        assertThat(oneBitonal.bitonalReferences()).isEqualTo(1);
    }

    @Test
    void referenceViewsNeedOneEmbeddingPerReferenceInEachView() {
        assertThatThrownBy(
                        () ->
                                ReferenceViews.of(
                                        List.of(new float[] {0f}, new float[] {1f}),
                                        List.of(new float[] {0f})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 and 1");
    }

    @Test
    void aQuestionedImageIsComparedWithThePenNearestItsInkLevel() {
        // Given references as enrolled (ink level 0.0) and as a broader pen writes them (0.4),
        // each view's embeddings elsewhere
        ReferenceViews broader =
                ReferenceViews.of(
                        List.of(new float[] {5, 0}, new float[] {5, 1}),
                        List.of(new float[] {6, 0}, new float[] {6, 1}),
                        0.4,
                        0.5,
                        null);
        ReferenceViews views =
                ReferenceViews.of(
                        List.of(new float[] {0, 0}, new float[] {0, 1}),
                        List.of(new float[] {1, 0}, new float[] {1, 1}),
                        0.0,
                        0.1,
                        broader);
        ScoringRule rule = ScoringRule.plain(Aggregation.MEAN, 1.0, CALIBRATION);
        float[] questioned = {5, 0.5f};

        // Then an image whose ink is nearer the broader pen's is scored against that view, one
        // nearer the enrolled pen's or of unknown level against the references as enrolled, and
        // in the bitonal view the bitonal levels decide
        assertThat(views.penFor(ImageTone.GREY, 0.3)).isSameAs(broader);
        assertThat(views.penFor(ImageTone.GREY, 0.1)).isSameAs(views);
        assertThat(views.penFor(ImageTone.BITONAL, 0.25)).isSameAs(views);
        assertThat(views.penFor(ImageTone.BITONAL, 0.35)).isSameAs(broader);
        assertThat(views.penFor(ImageTone.GREY, Double.NaN)).isSameAs(views);
        assertThat(Scorer.score(questioned, ImageTone.GREY, 0.3, views, rule).distance())
                .isCloseTo(0.5, offset(1e-6));
        assertThat(Scorer.score(questioned, ImageTone.GREY, 0.1, views, rule).distance())
                .isCloseTo(Math.hypot(5, 0.5), offset(1e-6));
        assertThat(broader.penFor(ImageTone.GREY, 9.0)).isSameAs(broader);
    }

    @Test
    void aPenViewNeedsItsInkLevelsAndNoPenViewOfItsOwn() {
        List<float[]> one = List.<float[]>of(new float[] {0, 0});
        ReferenceViews withoutLevels = ReferenceViews.of(one, one);
        ReferenceViews withLevels = ReferenceViews.of(one, one, 0.1, 0.1, null);

        assertThatThrownBy(() -> ReferenceViews.of(one, one, 0.1, 0.1, withoutLevels))
                .hasMessageContaining("ink level");
        assertThatThrownBy(() -> ReferenceViews.of(one, one, Double.NaN, 0.1, withLevels))
                .hasMessageContaining("ink level");
        ReferenceViews nested = ReferenceViews.of(one, one, 0.1, 0.1, withLevels);
        assertThatThrownBy(() -> ReferenceViews.of(one, one, 0.1, 0.1, nested))
                .hasMessageContaining("no pen view of its own");
        assertThat(nested.hasPenView()).isTrue();
        assertThat(withLevels.hasPenView()).isFalse();
    }
}
