package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.ProtocolScores;
import io.countersign.trainer.evaluation.ProtocolScores.WriterScores;
import java.util.List;
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

    @Test
    void aCorpusNameThatItsReaderQualifiesFurtherSelectsAllItsWritersPooled() {
        // Given validation writers of BHSig260's two languages and a Dutch writer whose forgeries
        // lie where BHSig260's genuine signatures do
        ProtocolScores scores =
                new ProtocolScores(
                        List.of(
                                writer("bhsig260/Bengali/1", new double[] {0.1, 0.2}, 0.3, 0.4),
                                writer("bhsig260/Hindi/2", new double[] {0.5, 0.6}, 0.55, 0.7),
                                writer("sign_data/3", new double[] {0.9, 1.0}, 0.15, 0.25)),
                        List.of());

        // When selected on "bhsig260", which names no corpus key of its own
        Map<String, Double> byCorpus = SiameseTraining.eerByCorpus(scores, "bhsig260");

        // Then its two languages' trials are pooled, without the Dutch writer's
        double bhsig =
                new DistanceSet(
                                new double[] {0.1, 0.2, 0.5, 0.6},
                                new double[] {0.3, 0.4, 0.55, 0.7},
                                new double[0])
                        .eer();
        assertThat(byCorpus.get("bhsig260")).isEqualTo(bhsig);
        assertThat(bhsig).isNotEqualTo(scores.pooled().eer());
        assertThat(byCorpus)
                .containsKeys("bhsig260/Bengali", "bhsig260/Hindi", "sign_data")
                .hasSize(4);
        assertThat(SiameseTraining.eerByCorpus(scores, null)).hasSize(3);
        assertThat(SiameseTraining.eerByCorpus(scores, "folders")).doesNotContainKey("folders");
    }

    private static WriterScores writer(String id, double[] genuine, double... skilled) {
        return new WriterScores(id, genuine, skilled, new double[0]);
    }
}
