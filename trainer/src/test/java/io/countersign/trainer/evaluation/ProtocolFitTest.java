package io.countersign.trainer.evaluation;

import static io.countersign.trainer.evaluation.ProtocolTestData.handCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ScoringRule;
import org.junit.jupiter.api.Test;

class ProtocolFitTest {

    @Test
    void choosesTheNormalisationWithTheLowerValidationEer() {
        // Given the hand case: skilled EER 7/24 on plain mean distances; normalised, genuine
        // 1/3, 0.6, 1 against skilled 1, 1, 4/3, 1.4 give 1/6 (threshold 0.6: FAR 0, FRR 1/3)
        ProtocolTrials validation = handCase();

        // When
        ProtocolFit fit = ProtocolFit.fit(validation, 2, 0.0);

        // Then
        assertThat(fit.validationEer().get(Normalization.NONE))
                .isCloseTo(0.2916666666666667, within(1e-12));
        assertThat(fit.validationEer().get(Normalization.REFERENCE_SPREAD))
                .isCloseTo(0.1666666666666667, within(1e-12));
        ScoringRule rule = fit.rule();
        assertThat(rule.normalization()).isEqualTo(Normalization.REFERENCE_SPREAD);
        assertThat(rule.typicalSpread()).isEqualTo(4.0);
        assertThat(fit.references()).isEqualTo(2);
        // no skilled forgery may pass at target FAR 0: just below the closest, 1.0
        assertThat(fit.atTargetFar()).isEqualTo(Math.nextDown(1.0));
        // the threshold is the calibration's even-odds point
        assertThat(rule.calibration().slope()).isNegative();
        assertThat(rule.calibration().probabilityGenuine(rule.threshold()))
                .isCloseTo(0.5, within(1e-12));
        assertThat(rule.threshold()).isBetween(0.6, 2.6);
    }
}
