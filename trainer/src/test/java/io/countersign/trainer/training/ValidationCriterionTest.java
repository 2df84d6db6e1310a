package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationCriterionTest {

    // The pooled protocol EER follows BHSig260's many writers; the Dutch writers' own is worse
    private final SiameseTraining.Validation epoch =
            new SiameseTraining.Validation(
                    null,
                    0.167,
                    0.097,
                    Map.of("bhsig260/Bengali", 0.068, "bhsig260/Hindi", 0.100, "sign_data", 0.24));

    @Test
    void allValidationWritersPooledUnlessOneCorpusIsNamed() {
        assertThat(epoch.by(EpochCriterion.PAIRS, null)).isEqualTo(0.167);
        assertThat(epoch.by(EpochCriterion.PROTOCOL, null)).isEqualTo(0.097);
        assertThat(epoch.by(EpochCriterion.PROTOCOL, "sign_data")).isEqualTo(0.24);
    }

    @Test
    void aCorpusWithoutValidationWritersIsNamedWithTheOnesThereAre() {
        assertThatThrownBy(() -> epoch.by(EpochCriterion.PROTOCOL, "folders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--select-on folders: no validation writers")
                .hasMessageContaining("sign_data");
    }
}
