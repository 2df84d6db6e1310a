package io.countersign.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationMetricsTest {

    @Test
    void reportsSkilledAndRandomForgeriesSeparately() {
        // Given validation and test distances where random forgeries are far, skilled ones closer
        DistanceSet validation =
                new DistanceSet(
                        new double[] {0.1, 0.2, 0.3, 0.4},
                        new double[] {0.35, 0.5, 0.6, 0.7},
                        new double[] {1.0, 1.1});
        DistanceSet test =
                new DistanceSet(
                        new double[] {0.1, 0.2, 0.3, 0.5},
                        new double[] {0.25, 0.6, 0.7, 0.8},
                        new double[] {0.9, 1.2});

        // When
        OperatingPoint point = OperatingPoint.fit(validation, 0.0);
        Map<String, Double> metrics = VerificationMetrics.measure(test, point);

        // Then: the EER threshold on validation skilled forgeries is 0.35 (1 of 4 each side)
        assertThat(point.eerThreshold()).isEqualTo(0.35);
        assertThat(point.validationEer()).isEqualTo(0.25);
        assertThat(point.atTargetFar()).isLessThan(0.35);
        // at 0.35 on test: genuine 0.5 rejected, skilled 0.25 accepted, random never
        assertThat(metrics.get("frr")).isEqualTo(0.25);
        assertThat(metrics.get("far_skilled")).isEqualTo(0.25);
        assertThat(metrics.get("far_random")).isEqualTo(0.0);
        assertThat(metrics.get("accuracy")).isEqualTo(8.0 / 10.0);
        assertThat(metrics.get("auc_random")).isEqualTo(1.0);
        assertThat(metrics)
                .containsKeys("eer_skilled", "auc_skilled", "brier", "frr_at_target_far");
    }
}
