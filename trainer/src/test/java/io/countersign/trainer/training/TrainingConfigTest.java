package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.trainer.model.SigNetVariant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void eachVariantGetsALearningRateItTrainsAtUnlessOneIsGiven() {
        // Full SigNet diverges at signet-s's 1e-3 (docs/training.md), so it gets 1e-4
        assertThat(config(SigNetVariant.SIGNET_S, null).learningRate()).isEqualTo(1e-3f);
        assertThat(config(SigNetVariant.SIGNET, null).learningRate()).isEqualTo(1e-4f);
        assertThat(config(SigNetVariant.SIGNET, 3e-5f).learningRate()).isEqualTo(3e-5f);
    }

    @Test
    void resumingAndStartingFromAnotherRunAreExclusive() {
        assertThatThrownBy(
                        () ->
                                TrainingConfig.builder(Path.of("out"))
                                        .resume(true)
                                        .initFrom(Path.of("other/checkpoint"))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give one of them");
    }

    @Test
    void aShareOfTheTrainingWritersIsAboveZeroAtMostOneAndRecordedWhenPartial() {
        for (double share : new double[] {0, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(
                            () ->
                                    TrainingConfig.builder(Path.of("out"))
                                            .trainWriterShare(share)
                                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--train-writer-share");
        }
        assertThat(TrainingConfig.builder(Path.of("out")).build().describe())
                .doesNotContainKey("trainWriterShare");
        assertThat(TrainingConfig.builder(Path.of("out")).trainWriterShare(0.25).build().describe())
                .containsEntry("trainWriterShare", 0.25);
    }

    @Test
    void oneCorpusPicksTheEpochOnlyByTheProtocolAndTheCardSaysWhich() {
        TrainingConfig onDutch =
                TrainingConfig.builder(Path.of("out"))
                        .selectBy(EpochCriterion.PROTOCOL)
                        .selectOn("sign_data")
                        .build();

        assertThat(onDutch.describe()).containsEntry("selectOn", "sign_data");
        assertThat(TrainingConfig.builder(Path.of("out")).build().describe())
                .doesNotContainKey("selectOn");
        assertThatThrownBy(
                        () -> TrainingConfig.builder(Path.of("out")).selectOn("sign_data").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use it with --select-by protocol");
    }

    @Test
    void theTrainingSeedFollowsTheSplitSeedUnlessGivenAndTheCardSaysWhenItDiffers() {
        TrainingConfig same = TrainingConfig.builder(Path.of("out")).seed(7).build();
        TrainingConfig other =
                TrainingConfig.builder(Path.of("out")).seed(7).trainingSeed(11L).build();

        assertThat(same.trainingSeed()).isEqualTo(7);
        assertThat(same.describe()).containsEntry("seed", 7L).doesNotContainKey("trainingSeed");
        assertThat(other.seed()).isEqualTo(7);
        assertThat(other.trainingSeed()).isEqualTo(11);
        assertThat(other.describe()).containsEntry("trainingSeed", 11L);
    }

    @Test
    void aForgeryHeadBelongsToWriterClassificationAndTheCardRecordsItsWeight() {
        TrainingConfig proxy =
                TrainingConfig.builder(Path.of("out"))
                        .loss(LossKind.PROXY)
                        .forgeryWeight(0.5f)
                        .build();

        assertThat(proxy.describe()).containsEntry("forgeryWeight", 0.5f);
        assertThat(TrainingConfig.builder(Path.of("out")).build().describe())
                .doesNotContainKey("forgeryWeight");
        assertThatThrownBy(
                        () ->
                                TrainingConfig.builder(Path.of("out"))
                                        .loss(LossKind.CONTRASTIVE)
                                        .forgeryWeight(1f)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--loss proxy");
        assertThatThrownBy(
                        () ->
                                TrainingConfig.builder(Path.of("out"))
                                        .loss(LossKind.PROXY)
                                        .forgeryWeight(-1f)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--forgery-weight");
    }

    @Test
    void aTeacherTeachesContrastivePairsAndTheCardRecordsItAndItsWeight() {
        TrainingConfig taught =
                TrainingConfig.builder(Path.of("out"))
                        .teacher(Path.of("runs/signet-s-ensemble4"))
                        .distillWeight(2f)
                        .build();

        assertThat(taught.describe())
                .containsEntry("teacher", Path.of("runs/signet-s-ensemble4").toString())
                .containsEntry("distillWeight", 2f);
        assertThat(TrainingConfig.builder(Path.of("out")).build().describe())
                .doesNotContainKeys("teacher", "distillWeight");
        assertThatThrownBy(
                        () ->
                                TrainingConfig.builder(Path.of("out"))
                                        .loss(LossKind.PROXY)
                                        .teacher(Path.of("t"))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--loss contrastive");
        assertThatThrownBy(
                        () ->
                                TrainingConfig.builder(Path.of("out"))
                                        .teacher(Path.of("t"))
                                        .distillWeight(0f)
                                        .build())
                .hasMessageContaining("--distill-weight");
    }

    private static TrainingConfig config(SigNetVariant variant, Float learningRate) {
        return TrainingConfig.builder(Path.of("out"))
                .variant(variant)
                .learningRate(learningRate)
                .build();
    }
}
