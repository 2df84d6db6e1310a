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

    /** The corpus the synthetic model trained on, which an ensemble of it is fitted on. */
    private static final List<String> FITTED =
            List.of(String.valueOf(CARD.training().get("dataset")));

    @Test
    void membersOfOneSplitAndOnePreprocessingAreAccepted() {
        assertThatCode(() -> EnsembleMembers.requireCompatible(List.of(CARD, CARD), FITTED))
                .doesNotThrowAnyException();
    }

    @Test
    void aMemberTrainedOnAnotherWriterSplitIsRefusedNamingTheField() {
        Map<String, Object> training = new LinkedHashMap<>(CARD.training());
        training.put("seed", 43);
        assertThatThrownBy(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(CARD, withTraining(training)), FITTED))
                .hasMessageContaining("member 1")
                .hasMessageContaining("seed 43")
                .hasMessageContaining("the ensemble read alone, seed 42")
                .hasMessageContaining("one writer split");
    }

    @Test
    void aMemberWithOtherPixelStatisticsIsJoinedWithItsInputRestandardised() {
        // Given a member trained when the training images' pixel mean and deviation were others
        ModelCard other =
                withPreprocessingAndTraining(
                        CARD.inputHeight(), CARD.mean() + 0.01f, CARD.training());

        // Then it is accepted, and reads the ensemble's input as it was trained to read it
        assertThatCode(() -> EnsembleMembers.requireCompatible(List.of(CARD, other), FITTED))
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
        assertThatThrownBy(() -> EnsembleMembers.requireCompatible(List.of(CARD, other), FITTED))
                .hasMessageContaining("member 1")
                .hasMessageContaining("canvas");
        assertThatThrownBy(() -> EnsembleMembers.requireCompatible(List.of(CARD), FITTED))
                .hasMessageContaining("at least two");
    }

    @Test
    void aMemberThatTurnsTheInkOtherwiseIsRefused() {
        ModelCard turned = CARD.withOrientation(Orientation.PRINCIPAL_AXIS);
        assertThatThrownBy(() -> EnsembleMembers.requireCompatible(List.of(CARD, turned), FITTED))
                .hasMessageContaining("member 1")
                .hasMessageContaining("turns the ink principal-axis, member 0 as-scanned");
        assertThatCode(() -> EnsembleMembers.requireCompatible(List.of(turned, turned), FITTED))
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
        Map<String, Object> training = new LinkedHashMap<>(CARD.training());
        training.put("dataset", relative);
        Map<String, Object> other = new LinkedHashMap<>(CARD.training());
        other.put("dataset", absolute);

        List<String> fitted = List.of("sign_data:" + dutch, "bhsig260:" + bhsig);
        assertThatCode(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(withTraining(training), withTraining(other)),
                                        fitted))
                .doesNotThrowAnyException();

        // Trained on the Dutch corpus alone, a member named it otherwise, so split it otherwise
        other.put("dataset", "sign_data:" + dutch);
        assertThatThrownBy(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(withTraining(training), withTraining(other)),
                                        fitted))
                .hasMessageContaining("member 1")
                .hasMessageContaining("read alone")
                .hasMessageContaining("the ensemble named sign_data");
        other.put("dataset", "bhsig260:" + bhsig + " + sign_data:" + dutch);
        assertThat(EnsembleMembers.sameFolders(absolute, (String) other.get("dataset"))).isFalse();
    }

    @Test
    void aMemberThatNeverReadTheFittedCorpusMayHaveTrainedOnOthers(@TempDir Path dir)
            throws IOException {
        // Given a network adapted to a bank's writers (its folder beside generated writers), and
        // a network trained on other corpora only, as the shipped one is to the bank
        String bank = "folders:" + Files.createDirectories(dir.resolve("bank"));
        String other = "bhsig260:" + Files.createDirectories(dir.resolve("bhsig260"));
        ModelCard adapted = trainedOn(bank + " + synthetic:writers=200,seed=21", 42);
        ModelCard shipped = trainedOn(other, 42);

        // Then they join when fitted on the bank's writers, the adapted one first
        assertThatCode(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(adapted, shipped), List.of(bank)))
                .doesNotThrowAnyException();

        // And the other way round member 0's record does not know the bank's split: refused
        assertThatThrownBy(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(shipped, adapted), List.of(bank)))
                .hasMessageContaining("member 1")
                .hasMessageContaining("member 0 never read it")
                .hasMessageContaining("put first");
    }

    @Test
    void aNetworkInsideAMemberEnsembleThatSplitTheCorpusOtherwiseIsRefused(@TempDir Path dir)
            throws IOException {
        String bank = "folders:" + Files.createDirectories(dir.resolve("bank"));
        String other = "bhsig260:" + Files.createDirectories(dir.resolve("bhsig260"));
        ModelCard adapted = trainedOn(bank + " + " + other, 42);
        // An ensemble whose own record names another corpus, one of whose networks read the bank's
        // folder under another seed
        Map<String, Object> training = new LinkedHashMap<>(trainedOn(other, 42).training());
        training.put(
                "ensemble",
                List.of(
                        Map.of("version", "a", "training", trainedOn(other, 42).training()),
                        Map.of("version", "b", "training", trainedOn(bank, 7).training())));
        ModelCard ensemble = withTraining(training);

        assertThatThrownBy(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(adapted, ensemble), List.of(bank)))
                .hasMessageContaining("member 1")
                .hasMessageContaining("seed 7");
        // Fitted on the corpus all of them split alike, they join
        assertThatCode(
                        () ->
                                EnsembleMembers.requireCompatible(
                                        List.of(trainedOn(other, 42), ensemble), List.of(other)))
                .doesNotThrowAnyException();
    }

    /** A card of a run on {@code dataset} with split seed {@code seed}. */
    static ModelCard trainedOn(String dataset, int seed) {
        Map<String, Object> training = new LinkedHashMap<>(CARD.training());
        training.put("dataset", dataset);
        training.put("seed", seed);
        return withTraining(training);
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
