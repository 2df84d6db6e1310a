package io.countersign.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.trainer.evaluation.CalibrationTarget;
import io.countersign.trainer.evaluation.ThresholdRule;
import io.countersign.trainer.model.SigNetVariant;
import io.countersign.trainer.training.EpochCriterion;
import org.junit.jupiter.api.Test;

class ChoicesTest {

    @Test
    void findsAChoiceByTheNameItIsWrittenWithIgnoringCaseAndBlanks() {
        assertThat(ThresholdRule.parse(" Equal-Error ")).isEqualTo(ThresholdRule.EQUAL_ERROR);
        assertThat(CalibrationTarget.parse("skilled+random"))
                .isEqualTo(CalibrationTarget.SKILLED_AND_RANDOM);
        assertThat(EpochCriterion.parse("protocol")).isEqualTo(EpochCriterion.PROTOCOL);
        assertThat(SigNetVariant.parse("signet-m")).isEqualTo(SigNetVariant.SIGNET_M);
    }

    @Test
    void anUnknownNameIsOneLineNamingEveryChoice() {
        assertThatThrownBy(() -> ThresholdRule.parse("eer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown threshold rule 'eer': use one of even-odds, equal-error,"
                                + " corpus-balanced");
        assertThatThrownBy(() -> SigNetVariant.parse("signet-xl"))
                .hasMessage(
                        "unknown variant 'signet-xl': use one of signet, signet-s, signet-s-l2,"
                                + " signet-m, signet-s-ink");
        assertThatThrownBy(() -> CalibrationTarget.parse(null))
                .hasMessageStartingWith("unknown calibration target 'null'");
    }
}
