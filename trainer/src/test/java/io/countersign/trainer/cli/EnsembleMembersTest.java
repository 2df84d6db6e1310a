package io.countersign.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.Orientation;
import io.countersign.trainer.export.EnsembleGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleMembersTest {

    private static final ModelCard CARD =
            ModelCard.read(Path.of("..", "models", "signet-s-synthetic", "model-card.json"));

    @Test
    void membersOfOnePreprocessingAreAcceptedWhateverTheirSplits() {
        Map<String, Object> training = new LinkedHashMap<>(CARD.training());
        training.put("seed", 43);
        // Another seed split the writers otherwise: the ensemble is fitted and measured on the
        // writers both held out (EvaluationDataTest), so the members join
        assertThatCode(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(CARD, CARD, withTraining(training))))
                .doesNotThrowAnyException();
    }

    @Test
    void aMemberWithOtherPixelStatisticsIsJoinedWithItsInputRestandardised() {
        // Given a member trained when the training images' pixel mean and deviation were others
        ModelCard other =
                withPreprocessingAndTraining(
                        CARD.inputHeight(), CARD.mean() + 0.01f, CARD.training());

        // Then it is accepted, and reads the ensemble's input as it was trained to read it
        assertThatCode(() -> EnsembleMembers.requireCompatible(List.of(CARD, other)))
                .doesNotThrowAnyException();
        List<EnsembleGraph.InputAdapter> inputs =
                EnsembleCommand.inputAdapters(List.of(CARD, other));
        assertThat(inputs.get(0)).isEqualTo(EnsembleGraph.InputAdapter.IDENTITY);
        float pixel = 0.7f;
        float served = (pixel - CARD.mean()) / CARD.std();
        float own = (pixel - other.mean()) / other.std();
        assertThat(inputs.get(1).apply(new float[] {served})[0])
                .isCloseTo(own, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void aMemberOnAnotherCanvasOrNoPartnerIsRefused() {
        ModelCard other = withPreprocessingAndTraining(120, CARD.mean(), CARD.training());
        assertThatThrownBy(() -> EnsembleMembers.requireCompatible(List.of(CARD, other)))
                .hasMessageContaining("member 1")
                .hasMessageContaining("canvas");
        assertThatThrownBy(() -> EnsembleMembers.requireCompatible(List.of(CARD)))
                .hasMessageContaining("at least two");
    }

    @Test
    void aMemberThatTurnsTheInkOtherwiseIsRefused() {
        ModelCard turned = CARD.withOrientation(Orientation.PRINCIPAL_AXIS);
        assertThatThrownBy(() -> EnsembleMembers.requireCompatible(List.of(CARD, turned)))
                .hasMessageContaining("member 1")
                .hasMessageContaining("turns the ink principal-axis, member 0 as-scanned");
        assertThatCode(() -> EnsembleMembers.requireCompatible(List.of(turned, turned)))
                .doesNotThrowAnyException();
    }

    @Test
    void oneFolderSpeltTwoWaysIsOneDataset(@TempDir Path dir) throws IOException {
        Path dutch = Files.createDirectories(dir.resolve("data").resolve("sign_data_dev"));
        Path bhsig = Files.createDirectories(dir.resolve("data").resolve("bhsig260"));
        String relative =
                "sign_data:"
                        + Path.of("").toAbsolutePath().relativize(dutch)
                        + " + bhsig260:"
                        + dir.resolve("data").resolve(".").resolve("bhsig260");
        String absolute = "sign_data:" + dutch + " + bhsig260:" + bhsig;

        assertThat(CorpusSplit.sameFolders(relative, absolute)).isTrue();
        assertThat(CorpusSplit.sameFolders("sign_data:" + dutch, absolute)).isFalse();
        assertThat(CorpusSplit.sameFolders("bhsig260:" + bhsig + " + sign_data:" + dutch, absolute))
                .isFalse();
        // So a card that read the Dutch folder by a relative path still says how it split it
        Map<String, Object> training = new LinkedHashMap<>(CARD.training());
        training.put("dataset", relative);
        assertThat(CorpusSplit.of("sign_data:" + dutch, training))
                .get()
                .extracting(CorpusSplit::corpus)
                .isEqualTo("sign_data");
    }

    /** The synthetic model's card with another training record (also EvaluationDataTest's). */
    static ModelCard withTraining(Map<String, Object> training) {
        return withPreprocessingAndTraining(CARD.inputHeight(), CARD.mean(), training);
    }

    private static ModelCard withPreprocessingAndTraining(
            int height, float mean, Map<String, Object> training) {
        return new ModelCard(
                CARD.version(),
                CARD.architecture(),
                CARD.inputName(),
                CARD.outputName(),
                height,
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
