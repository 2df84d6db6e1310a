package io.countersign.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

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
}
