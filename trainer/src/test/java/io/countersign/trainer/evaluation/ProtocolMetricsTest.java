package io.countersign.trainer.evaluation;

import static io.countersign.trainer.evaluation.ProtocolTestData.handCase;
import static io.countersign.trainer.evaluation.ProtocolTestData.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.model.Calibration;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtocolMetricsTest {

    // Threshold 4.5, and the calibration's even-odds point is that very threshold.
    private static final ScoringRule RULE =
            ScoringRule.plain(Aggregation.MEAN, 4.5, new Calibration(4.5, -1));

    @Test
    void measuresTheHandComputedCasePooledAndPerCorpus() {
        // Given the hand case's mean distances, without normalisation:
        //   genuine  A: 3, 5      B: 1
        //   skilled  A: 5, 7      B: 3, 4
        //   random   A: 18, 13    B: 18, 31
        ProtocolScores scores = handCase().score(RULE);

        // When
        Map<String, Map<String, Double>> groups = ProtocolMetrics.groups(scores, RULE);
        Map<String, Double> pooled = groups.get(ProtocolMetrics.POOLED);

        // Then, pooled: the skilled EER is closest at threshold 3 (FAR 1/4, FRR 1/3): 7/24;
        // random forgeries all lie beyond every genuine score
        assertThat(pooled.get("eer_skilled")).isCloseTo(0.2916666666666667, within(1e-12));
        assertThat(pooled.get("eer_random")).isEqualTo(0.0);
        // at 4.5: genuine 5 rejected, skilled 3 and 4 accepted, no random accepted
        assertThat(pooled.get("frr")).isCloseTo(0.3333333333333333, within(1e-12));
        assertThat(pooled.get("far_skilled")).isEqualTo(0.5);
        assertThat(pooled.get("far_random")).isEqualTo(0.0);
        // per-writer FRR: A 1/2, B 0 -> median 0.25, p90 0 + 0.9 * 0.5, max 0.5
        assertThat(pooled.get("frr_writer_median")).isEqualTo(0.25);
        assertThat(pooled.get("frr_writer_p90")).isCloseTo(0.45, within(1e-12));
        assertThat(pooled.get("frr_writer_max")).isEqualTo(0.5);
        assertThat(pooled)
                .containsEntry("writers", 2.0)
                .containsEntry("writers_skipped", 1.0)
                .containsEntry("trials_genuine", 3.0)
                .containsEntry("trials_skilled", 4.0)
                .containsEntry("trials_random", 4.0);
        // Brier: mean over all 11 trials of (truth - P(genuine))^2, P = sigmoid(4.5 - d)
        double expectedBrier =
                (sq(1 - sigmoid(1.5))
                                + sq(1 - sigmoid(-0.5))
                                + sq(1 - sigmoid(3.5))
                                + sq(sigmoid(-0.5))
                                + sq(sigmoid(-2.5))
                                + sq(sigmoid(1.5))
                                + sq(sigmoid(0.5))
                                + sq(sigmoid(-13.5))
                                + sq(sigmoid(-8.5))
                                + sq(sigmoid(-13.5))
                                + sq(sigmoid(-26.5)))
                        / 11;
        assertThat(pooled.get("brier")).isCloseTo(expectedBrier, within(1e-12));
        // the writer-bootstrap interval of the skilled EER: resampling {A, B} gives B twice
        // (EER 0) a quarter of the time, A twice (1/4) a quarter, one of each (7/24) half
        assertThat(pooled.get("eer_skilled_ci_low")).isEqualTo(0.0);
        assertThat(pooled.get("eer_skilled_ci_high")).isCloseTo(0.2916666666666667, within(1e-12));

        // And per corpus: x holds A; y holds B and the skipped C
        assertThat(groups).containsOnlyKeys("pooled", "x", "y");
        assertThat(groups.get("x"))
                .containsEntry("eer_skilled", 0.25)
                .containsEntry("frr", 0.5)
                .containsEntry("far_skilled", 0.0)
                .containsEntry("writers", 1.0)
                .containsEntry("writers_skipped", 0.0)
                // one writer has no interval to resample
                .doesNotContainKeys("eer_skilled_ci_low", "eer_skilled_ci_high");
        assertThat(groups.get("y"))
                .containsEntry("eer_skilled", 0.0)
                .containsEntry("frr", 0.0)
                .containsEntry("far_skilled", 1.0)
                .containsEntry("writers", 1.0)
                .containsEntry("writers_skipped", 1.0);
    }

    @Test
    void aReviewBandRefersWhatLiesWithinItAndLeavesTheRestToAutomaticDecisions() {
        // Given the hand case (genuine 3, 5, 1; skilled 5, 7, 3, 4; random 18, 13, 18, 31) and a
        // band (2, 6] around the threshold 4.5
        ReviewBand band = new ReviewBand(2, 6);

        // When
        Map<String, Map<String, Double>> groups =
                ProtocolMetrics.groups(handCase().score(RULE), RULE, Optional.of(band));
        Map<String, Double> pooled = groups.get(ProtocolMetrics.POOLED);

        // Then genuine 3 and 5 are referred, 1 accepted; skilled 5, 3 and 4 referred, 7 rejected;
        // every random forgery rejected without review
        assertThat(pooled.get("review_genuine")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(pooled.get("review_skilled")).isEqualTo(0.75);
        assertThat(pooled.get("review_random")).isEqualTo(0.0);
        // and nothing is decided wrongly without review: no genuine above 6, no forgery below 2
        assertThat(pooled)
                .containsEntry("frr_automatic", 0.0)
                .containsEntry("far_skilled_automatic", 0.0)
                .containsEntry("far_random_automatic", 0.0);
        // per corpus too: y holds B (genuine 1; skilled 3, 4)
        assertThat(groups.get("y"))
                .containsEntry("review_genuine", 0.0)
                .containsEntry("review_skilled", 1.0);

        // A narrower band (3.5, 4.5] leaves skilled 3 accepted and genuine 5 rejected
        // automatically, and refers skilled 4
        Map<String, Double> narrow =
                ProtocolMetrics.measure(
                        handCase().score(RULE), RULE, Optional.of(new ReviewBand(3.5, 4.5)));
        assertThat(narrow.get("frr_automatic")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(narrow.get("far_skilled_automatic")).isEqualTo(0.25);
        assertThat(narrow.get("review_skilled")).isEqualTo(0.25);
        // Without a band, none of these metrics
        assertThat(ProtocolMetrics.measure(handCase().score(RULE), RULE))
                .doesNotContainKeys("review_genuine", "frr_automatic");
    }

    @Test
    void flatMetricNamesCarryTheCorpusAndReadBack() {
        Map<String, Map<String, Double>> groups =
                ProtocolMetrics.groups(handCase().score(RULE), RULE);

        Map<String, Double> flat = ProtocolMetrics.flatten(groups);

        assertThat(flat).containsEntry("far_skilled", 0.5).containsEntry("far_skilled[y]", 1.0);
        assertThat(ProtocolMetrics.unflatten(flat, "")).isEqualTo(groups);
        assertThat(ProtocolMetrics.names(groups))
                .startsWith(
                        "eer_skilled",
                        "eer_skilled_ci_low",
                        "eer_skilled_ci_high",
                        "eer_random",
                        "frr");
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        assertThat(ProtocolMetrics.quantile(new double[] {0, 0.1, 0.2, 1}, 0.9))
                .isCloseTo(0.76, within(1e-12));
        assertThat(ProtocolMetrics.quantile(new double[] {2}, 0.9)).isEqualTo(2.0);
        assertThat(ProtocolMetrics.quantile(new double[0], 0.5)).isNaN();
    }

    private static double sq(double v) {
        return v * v;
    }
}
