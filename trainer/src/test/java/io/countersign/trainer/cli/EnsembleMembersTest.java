package io.countersign.trainer.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.model.ModelCard;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnsembleMembersTest {

    private static final ModelCard CARD =
            ModelCard.read(Path.of("..", "models", "signet-s-synthetic", "model-card.json"));

    @Test
    void membersOfOneSplitAndOnePreprocessingAreAccepted() {
        assertThatCode(() -> EnsembleMembers.requireCompatible(List.of(CARD, CARD)))
                .doesNotThrowAnyException();
    }

    @Test
    void aMemberTrainedOnAnotherWriterSplitIsRefusedNamingTheField() {
        Map<String, Object> training = new LinkedHashMap<>(CARD.training());
        training.put("seed", 43);
        assertThatThrownBy(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(CARD, withTraining(training))))
                .hasMessageContaining("member 1")
                .hasMessageContaining("seed 43")
                .hasMessageContaining("one writer split");
    }

    @Test
    void aMemberWithOtherPreprocessingOrNoPartnerIsRefused() {
        ModelCard other = withPreprocessingAndTraining(CARD.mean() + 0.01f, CARD.training());
        assertThatThrownBy(() -> EnsembleMembers.requireCompatible(List.of(CARD, other)))
                .hasMessageContaining("preprocessing");
        assertThatThrownBy(() -> EnsembleMembers.requireCompatible(List.of(CARD)))
                .hasMessageContaining("at least two");
    }

    private static ModelCard withTraining(Map<String, Object> training) {
        return withPreprocessingAndTraining(CARD.mean(), training);
    }

    private static ModelCard withPreprocessingAndTraining(
            float mean, Map<String, Object> training) {
        return new ModelCard(
                CARD.version(),
                CARD.architecture(),
                CARD.inputName(),
                CARD.outputName(),
                CARD.inputHeight(),
                CARD.inputWidth(),
                mean,
                CARD.std(),
                CARD.embeddingSize(),
                CARD.thresholds(),
                CARD.calibration(),
                CARD.scoring(),
                training,
                CARD.metrics());
    }
}
