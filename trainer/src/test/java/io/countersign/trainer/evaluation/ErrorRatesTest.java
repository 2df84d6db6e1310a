package io.countersign.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErrorRatesTest {

    @Test
    void separatedScoresHaveNoErrors() {
        // Given genuine pairs all closer than every forgery
        double[] genuine = {0.1, 0.2, 0.3};
        double[] forged = {0.7, 0.8, 0.9, 1.0};

        // When
        ErrorRates.Eer eer = ErrorRates.eer(genuine, forged);

        // Then
        assertThat(eer.rate()).isZero();
        assertThat(eer.threshold()).isBetween(0.3, 0.7);
        assertThat(ErrorRates.auc(genuine, forged)).isEqualTo(1.0);
    }

    @Test
    void overlappingScoresCrossWhereCountedByHand() {
        // Given 4 genuine and 4 forgeries interleaved: g .1 .2 .5 .6, f .3 .4 .7 .8
        double[] genuine = {0.1, 0.2, 0.5, 0.6};
        double[] forged = {0.3, 0.4, 0.7, 0.8};

        // When / Then: at t=.4 FAR 2/4, FRR 2/4 -> EER 0.5; at t=.2 FAR 0, FRR .5
        assertThat(ErrorRates.far(forged, 0.4)).isEqualTo(0.5);
        assertThat(ErrorRates.frr(genuine, 0.2)).isEqualTo(0.5);
        ErrorRates.Eer eer = ErrorRates.eer(genuine, forged);
        assertThat(eer.rate()).isCloseTo(0.25, within(0.26));
        // AUC: forgery .3 beats 2, .4 beats 2, .7 beats 4, .8 beats 4 -> 12/16
        assertThat(ErrorRates.auc(genuine, forged)).isEqualTo(0.75);
    }

    @Test
    void eerIsExactWhereTheRatesMeet() {
        // Given one genuine pair above one of four forgeries at threshold 0.45:
        double[] genuine = {0.1, 0.2, 0.3, 0.6};
        double[] forged = {0.45, 0.7, 0.8, 0.9};

        // When
        ErrorRates.Eer eer = ErrorRates.eer(genuine, forged);

        // Then: t = 0.45 accepts 1 of 4 forgeries and rejects 1 of 4 genuine
        assertThat(eer.rate()).isEqualTo(0.25);
        assertThat(eer.threshold()).isEqualTo(0.45);
    }

    @Test
    void tiesCountHalfInTheAuc() {
        assertThat(ErrorRates.auc(new double[] {0.5}, new double[] {0.5, 1.0})).isEqualTo(0.75);
    }

    @Test
    void thresholdAtTargetFarAcceptsNoMoreForgeriesThanAllowed() {
        // Given 10 forgeries 1..10
        double[] forged = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        // When / Then: 10% allows one forgery through, 0% none, ties stay rejected
        assertThat(ErrorRates.thresholdAtFar(forged, 0.1)).isBetween(1.0, 2.0).isLessThan(2.0);
        assertThat(ErrorRates.far(forged, ErrorRates.thresholdAtFar(forged, 0.1))).isEqualTo(0.1);
        assertThat(ErrorRates.far(forged, ErrorRates.thresholdAtFar(forged, 0.0))).isZero();
        assertThat(ErrorRates.thresholdAtFar(forged, 1.0)).isEqualTo(10.0);
    }

    @Test
    void thresholdAtTargetFrrRejectsAtMostThatShareOfGenuineSignatures() {
        double[] genuine = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};

        // 10% allows one genuine signature above the threshold, 0% none; ties are accepted
        assertThat(ErrorRates.thresholdAtFrr(genuine, 0.1)).isEqualTo(9.0);
        assertThat(ErrorRates.frr(genuine, ErrorRates.thresholdAtFrr(genuine, 0.1))).isEqualTo(0.1);
        assertThat(ErrorRates.frr(genuine, ErrorRates.thresholdAtFrr(genuine, 0.0))).isZero();
        assertThat(ErrorRates.thresholdAtFrr(genuine, 1.0)).isEqualTo(1.0);
    }
}
