package io.countersign.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.model.ModelCard;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.WriterSplit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** evaluate --split redraws the training run's writer split from the card. */
class EvaluationDataTest {

    private static final List<String> TWO_CORPORA =
            List.of(
                    "synthetic:writers=12,genuine=3,forgeries=1,seed=3",
                    "synthetic:writers=30,genuine=3,forgeries=1,seed=4");
    private static final ModelCard CARD =
            ModelCard.read(Path.of("..", "models", "signet-s-synthetic", "model-card.json"));

    @Test
    void theTestSplitIsTheOneTrainingDrewFromTheCardsSeed() {
        // Given two corpora, as a training run with the card's seed (42) would split them
        WriterSplit training = WriterSplit.of(DatasetSpec.load(TWO_CORPORA), 0.15, 0.2, 42);

        // When
        SignatureDataset test = EvaluationData.select(TWO_CORPORA, "", "test", CARD);

        // Then: exactly its test writers, from both corpora
        assertThat(test.writers()).containsExactlyInAnyOrderElementsOf(training.test());
        assertThat(test.writers()).anyMatch(w -> w.startsWith("synthetic/"));
        assertThat(test.writers()).anyMatch(w -> w.startsWith("synthetic-2/"));
    }

    @Test
    void oneOfTheCorporaARunTrainedOnSplitsAsItDidThereNotAsItWouldAlone() {
        // Given a model trained on both corpora, and the split its run drew
        ModelCard trainedOnBoth = withTrainingDataset(String.join(" + ", TWO_CORPORA));
        WriterSplit training = WriterSplit.of(DatasetSpec.load(TWO_CORPORA), 0.15, 0.2, 42);
        List<String> secondsValidation =
                training.validation().stream().filter(w -> w.startsWith("synthetic-2/")).toList();
        assertThat(secondsValidation).isNotEmpty();

        // When its validation writers of the second corpus alone are asked for
        SignatureDataset validation =
                EvaluationData.select(List.of(TWO_CORPORA.get(1)), "", "validation", trainedOnBoth);

        // Then they are the ones the run held out (read alone, unqualified, the corpus would have
        // split by another seed and mixed in writers the model trained on)
        assertThat(validation.writers()).containsExactlyInAnyOrderElementsOf(secondsValidation);
        SignatureDataset alone =
                EvaluationData.select(List.of(TWO_CORPORA.get(1)), "", "validation", CARD);
        assertThat(alone.writers()).noneMatch(w -> w.startsWith("synthetic-2/"));
    }

    @Test
    void pairedWithABaselineOnlyWritersBothRunsHeldOutAreScored() {
        // Given a model trained on both corpora, and a baseline trained on the second alone,
        // which split it under another name (and here another seed) than the model's run did
        ModelCard model = withTrainingDataset(String.join(" + ", TWO_CORPORA));
        java.util.Map<String, Object> theirs = new java.util.LinkedHashMap<>(CARD.training());
        theirs.put("dataset", TWO_CORPORA.get(1));
        theirs.put("seed", 7);
        ModelCard baseline = EnsembleMembersTest.withTraining(theirs);
        WriterSplit baselineRun =
                WriterSplit.of(DatasetSpec.load(TWO_CORPORA.get(1)), 0.15, 0.2, 7);
        List<String> modelValidation =
                EvaluationData.select(TWO_CORPORA, "", "validation", model).writers().stream()
                        .toList();

        // When the two are compared on the model's validation writers
        SignatureDataset paired =
                EvaluationData.heldOutOfBoth(TWO_CORPORA, "", "validation", model, baseline);

        // Then the second corpus's writers the baseline trained on are left out, the first
        // corpus (which the baseline never read) keeps all its writers
        List<String> expected =
                modelValidation.stream()
                        .filter(w -> !inSecond(w) || !baselineRun.train().contains(raw(w)))
                        .toList();
        assertThat(expected)
                .as("the case needs a writer to leave out")
                .hasSizeLessThan(modelValidation.size());
        assertThat(paired.writers()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(paired.writers()).anyMatch(w -> w.startsWith("synthetic/"));

        // And on test writers, those the baseline chose its epoch and rule on go too
        SignatureDataset test =
                EvaluationData.heldOutOfBoth(TWO_CORPORA, "", "test", model, baseline);
        assertThat(test.writers())
                .noneMatch(
                        w ->
                                inSecond(w)
                                        && (baselineRun.train().contains(raw(w))
                                                || baselineRun.validation().contains(raw(w))));
        assertThat(test.writers())
                .isSubsetOf(EvaluationData.select(TWO_CORPORA, "", "test", model).writers());
    }

    @Test
    void aBaselineThatSplitTheCorporaAlikeLosesNoWriter() {
        ModelCard model = withTrainingDataset(String.join(" + ", TWO_CORPORA));

        SignatureDataset paired =
                EvaluationData.heldOutOfBoth(TWO_CORPORA, "", "validation", model, model);

        assertThat(paired.writers())
                .isEqualTo(EvaluationData.select(TWO_CORPORA, "", "validation", model).writers());
    }

    @Test
    void anEnsembleWithANetworkThatSplitACorpusOtherwiseIsMeasuredOnWritersAllItsNetworksHeldOut() {
        // Given an ensemble whose card records both corpora, one of whose networks was trained
        // on the second alone (which names, so splits, it otherwise)
        String both = String.join(" + ", TWO_CORPORA);
        ModelCard ensemble =
                ensembleOf(
                        withTrainingDataset(both).training(),
                        withTrainingDataset(TWO_CORPORA.get(1)).training());
        WriterSplit cardsSplit = WriterSplit.of(DatasetSpec.load(TWO_CORPORA), 0.15, 0.2, 42);
        WriterSplit networksRun =
                WriterSplit.of(DatasetSpec.load(TWO_CORPORA.get(1)), 0.15, 0.2, 42);

        // When its validation writers are asked for
        SignatureDataset validation =
                EvaluationData.select(TWO_CORPORA, "", "validation", ensemble);

        // Then: the card's, less the second corpus's writers that network trained on
        List<String> expected =
                cardsSplit.validation().stream()
                        .filter(w -> !inSecond(w) || !networksRun.train().contains(raw(w)))
                        .toList();
        assertThat(expected)
                .as("the case needs a writer to leave out")
                .hasSizeLessThan(cardsSplit.validation().size())
                .anyMatch(EvaluationDataTest::inSecond);
        assertThat(validation.writers()).containsExactlyInAnyOrderElementsOf(expected);
        // And its test writers lose those the network chose on as well; all writers, none
        SignatureDataset test = EvaluationData.select(TWO_CORPORA, "", "test", ensemble);
        assertThat(test.writers())
                .isSubsetOf(cardsSplit.test())
                .noneMatch(
                        w ->
                                inSecond(w)
                                        && (networksRun.train().contains(raw(w))
                                                || networksRun.validation().contains(raw(w))));
        assertThat(EvaluationData.select(TWO_CORPORA, "", "", ensemble).writers()).hasSize(42);
    }

    @Test
    void aCorpusOnlyAMemberReadIsMeasuredOnWritersThatMemberHeldOut() {
        // Given an ensemble whose card records the first corpus (member 0, an adapted network), one
        // of whose members trained on the second alone with the same seed
        ModelCard ensemble =
                ensembleOf(
                        withTrainingDataset(TWO_CORPORA.get(0)).training(),
                        withTrainingDataset(TWO_CORPORA.get(1)).training());
        WriterSplit membersRun =
                WriterSplit.of(DatasetSpec.load(TWO_CORPORA.get(1)), 0.15, 0.2, 42);

        // When the second corpus is read alone, as that member read it, its test writers are
        // the member's own
        assertThat(
                        EvaluationData.select(List.of(TWO_CORPORA.get(1)), "", "test", ensemble)
                                .writers())
                .containsExactlyInAnyOrderElementsOf(membersRun.test());
        // Read beside the first it is named, so split, otherwise: of its test writers then, only
        // those the member held out from training and from choosing its rule are measured
        assertThat(EvaluationData.select(TWO_CORPORA, "", "test", ensemble).writers())
                .filteredOn(EvaluationDataTest::inSecond)
                .isNotEmpty()
                .allMatch(w -> membersRun.test().contains(raw(w)));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"signet-s-ensemble5-int8", "signet-s-ensemble", "signet-s-real"})
    void everyNetworkOfAShippedModelSplitItsCorporaAsItsCardSays(String model) {
        // So the shipped models' validation and test figures are on their cards' whole splits
        ModelCard card = ModelCard.read(Path.of("..", "models", model, "model-card.json"));
        List<String> trained = CorpusSplit.trainedSpecs(card.training());
        List<CorpusSplit> asRead = EvaluationData.splitsAsRead(trained, card);

        assertThat(trained).hasSize(2);
        for (int i = 0; i < trained.size(); i++) {
            assertThat(CorpusSplit.allOf(trained.get(i), card.training()))
                    .isNotEmpty()
                    .containsOnly(asRead.get(i));
        }
    }

    /** An ensemble's card: the first record its own, both as its members'. */
    private static ModelCard ensembleOf(
            java.util.Map<String, Object> first, java.util.Map<String, Object> second) {
        java.util.Map<String, Object> training = new java.util.LinkedHashMap<>(first);
        training.put(
                "ensemble",
                List.of(java.util.Map.of("training", first), java.util.Map.of("training", second)));
        return EnsembleMembersTest.withTraining(training);
    }

    private static boolean inSecond(String writer) {
        return writer.startsWith("synthetic-2/");
    }

    /** A second-corpus writer's id as that corpus read alone names it. */
    private static String raw(String writer) {
        return writer.substring("synthetic-2/".length());
    }

    private static ModelCard withTrainingDataset(String dataset) {
        java.util.Map<String, Object> training = new java.util.LinkedHashMap<>(CARD.training());
        training.put("dataset", dataset);
        return EnsembleMembersTest.withTraining(training);
    }

    @Test
    void aRunOnAShareOfItsTrainingWritersHasOnlyThoseAsItsTrainingSplit() {
        // Given a run that trained on half its training writers of both corpora
        java.util.Map<String, Object> training =
                new java.util.LinkedHashMap<>(
                        withTrainingDataset(String.join(" + ", TWO_CORPORA)).training());
        training.put("trainWriterShare", 0.5);
        ModelCard half = EnsembleMembersTest.withTraining(training);
        WriterSplit run =
                WriterSplit.of(DatasetSpec.load(TWO_CORPORA), 0.15, 0.2, 42)
                        .withTrainShare(0.5, 42);

        // When its training split is asked for
        SignatureDataset train = EvaluationData.select(TWO_CORPORA, "", "train", half);

        // Then it is the writers the run read, not the whole split's training writers; the
        // held-out writers are the same either way
        assertThat(train.writers()).containsExactlyInAnyOrderElementsOf(run.train());
        assertThat(EvaluationData.select(TWO_CORPORA, "", "train", CARD).writers().size())
                .isGreaterThan(run.train().size());
        assertThat(EvaluationData.select(TWO_CORPORA, "", "validation", half).writers())
                .containsExactlyInAnyOrderElementsOf(run.validation());
    }

    @Test
    void atMostSoManyWritersAreASeededSampleOfWholeWriters() {
        SignatureDataset all = DatasetSpec.load(TWO_CORPORA);

        SignatureDataset some = EvaluationData.atMost(all, 5, 7);

        assertThat(some.writers()).hasSize(5).isSubsetOf(all.writers());
        assertThat(EvaluationData.atMost(all, 5, 7).writers()).isEqualTo(some.writers());
        assertThat(EvaluationData.atMost(all, 5, 8).writers()).isNotEqualTo(some.writers());
        for (String writer : some.writers()) {
            assertThat(some.genuine(writer)).isEqualTo(all.genuine(writer));
            assertThat(some.forgeries(writer)).isEqualTo(all.forgeries(writer));
        }
        assertThat(EvaluationData.atMost(all, 0, 7)).isSameAs(all);
        assertThat(EvaluationData.atMost(all, 99, 7)).isSameAs(all);
    }

    @Test
    void anUnknownSplitIsNamed() {
        assertThatThrownBy(() -> EvaluationData.select(TWO_CORPORA, "", "holdout", CARD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holdout")
                .hasMessageContaining("train, validation or test");
    }
}
