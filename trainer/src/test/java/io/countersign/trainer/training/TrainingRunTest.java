package io.countersign.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.Orientation;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.evaluation.BandEdges;
import io.countersign.trainer.export.ModelPackager;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    @TempDir Path dir;

    @Test
    void trainsEndToEndIntoAModelDirectoryAndResumes() throws Exception {
        // Given a small synthetic set: 14 writers, writer-disjoint splits
        SignatureDataset data =
                DatasetSpec.load("synthetic:writers=16,genuine=8,forgeries=4,seed=3");
        TrainingConfig.Builder builder =
                TrainingConfig.builder(dir.resolve("model"))
                        .epochs(2)
                        .pairsPerEpoch(256)
                        .validationShare(0.25)
                        .testShare(0.2)
                        .evaluationPairsPerWriter(20)
                        .seed(5)
                        .version("signet-s-test");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        // When
        TrainingResult result = TrainingRun.run(builder.build(), data, quiet);

        // Then: the training loss fell and test writers (never seen) are told apart far from
        // chance.
        // Beating the untrained network is not asserted here: on sets this small the
        // random-feature network is the stronger baseline (see docs/training.md).
        // TrainingImprovesTest asserts it on a set large enough to learn from and to measure.
        assertThat(result.history().get(1).trainLoss())
                .isLessThan(result.history().get(0).trainLoss());
        assertThat(result.testMetrics().get("eer_skilled")).isLessThan(0.4);
        assertThat(result.initialValidationEer()).isBetween(0.0, 1.0);
        assertThat(result.split().train()).doesNotContainAnyElementsOf(result.split().test());
        Path model = dir.resolve("model");
        assertThat(Files.size(model.resolve("model.onnx"))).isBetween(1_000_000L, 25_000_000L);
        ModelCard card = ModelCard.read(model.resolve("model-card.json"));
        assertThat(card.version()).isEqualTo("signet-s-test");
        assertThat(card.inputName()).isEqualTo("image");
        // The card scores as the protocol fit chose, at the calibration's even-odds point
        assertThat(card.scoringRule().threshold())
                .isEqualTo(result.protocol().fit().rule().threshold());
        assertThat(card.calibration().probabilityGenuine(card.thresholds().eer()))
                .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(card.scoringFit().references()).isEqualTo(5);
        assertThat(card.metrics())
                .containsKeys(
                        "test_protocol_eer_skilled",
                        "test_protocol_frr",
                        "test_protocol_far_random",
                        "test_protocol_brier",
                        "test_protocol_frr_writer_p90",
                        "validation_protocol_eer_skilled_mean_none",
                        "validation_protocol_eer_skilled_mean_reference_spread",
                        "validation_protocol_eer_skilled_min_none");
        assertThat(card.metrics().keySet().iterator().next()).startsWith("test_protocol_");
        assertThat(result.protocol().metrics().get("test_protocol_eer_skilled")).isLessThan(0.45);
        assertThat(card.calibration().probabilityGenuine(0)).isGreaterThan(0.5);
        assertThat(Files.readString(model.resolve("report.md")))
                .contains("report/roc.png")
                .contains("report/protocol-roc.png");

        // And when resumed with one more epoch, it continues from the checkpoint
        TrainingResult resumed =
                TrainingRun.run(builder.epochs(3).resume(true).build(), data, quiet);
        assertThat(resumed.history()).hasSize(3);
        assertThat(resumed.history().subList(0, 2)).isEqualTo(result.history());

        // And a new run started from its checkpoint (fine-tuning) begins where it was best: the
        // same validation pairs give the same EER before the new run's first step
        TrainingResult fineTuned =
                TrainingRun.run(
                        oneEpochFrom(model.resolve("checkpoint"), dir.resolve("fine-tuned")),
                        data,
                        quiet);
        assertThat(fineTuned.initialValidationEer()).isEqualTo(resumed.bestValidationEer());
        assertThat(fineTuned.history()).hasSize(1);

        // And so does a run started from the exported model directory (a shipped model keeps no
        // checkpoint): the ONNX file's weights are the best checkpoint's, read back
        TrainingResult fromModel =
                TrainingRun.run(oneEpochFrom(model, dir.resolve("from-model")), data, quiet);
        assertThat(fromModel.initialValidationEer()).isEqualTo(resumed.bestValidationEer());

        // And a fine-tune on another corpus keeps the normalisation its weights were trained with,
        // not the one that corpus would measure
        SignatureDataset other =
                DatasetSpec.load("synthetic:writers=12,genuine=8,forgeries=4,seed=9");
        TrainingRun.run(oneEpochFrom(model, dir.resolve("other-corpus")), other, quiet);
        ModelCard started = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
        ModelCard fineTunedCard =
                ModelCard.read(dir.resolve("other-corpus").resolve(ModelCard.FILE_NAME));
        assertThat(fineTunedCard.preprocessing()).isEqualTo(started.preprocessing());
    }

    @Test
    void aRunToldToSkipTheTestWritersNeitherMeasuresNorReportsThem() throws Exception {
        // Given a recipe run that must leave its test writers alone, in a directory where an
        // earlier run left test distances
        SignatureDataset data =
                DatasetSpec.load("synthetic:writers=16,genuine=8,forgeries=4,seed=3");
        Path model = dir.resolve("recipe");
        Files.createDirectories(model.resolve("checkpoint"));
        Files.writeString(model.resolve("checkpoint").resolve(ModelPackager.DISTANCES), "stale\n");
        TrainingConfig config =
                oneShortEpoch(model).measureTest(false).version("signet-s-recipe").build();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        // When
        TrainingResult result = TrainingRun.run(config, data, quiet);

        // Then nothing about the test writers was computed or written, and the card says so
        assertThat(result.testMetrics()).isEmpty();
        assertThat(result.testDistances()).isNull();
        assertThat(result.protocol().test()).isNull();
        ModelCard card = ModelCard.read(model.resolve(ModelCard.FILE_NAME));
        assertThat(card.metrics().keySet()).noneMatch(k -> k.startsWith("test_"));
        assertThat(card.metrics()).containsKey("validation_protocol_eer_skilled_mean_none");
        assertThat(card.training()).containsEntry("testMeasured", false);
        assertThat(card.training()).containsEntry("testWriters", result.split().test().size());
        assertThat(Files.readString(model.resolve("report.md")))
                .contains("Not measured")
                .contains("evaluate --split test")
                .doesNotContain("report/roc.png");
        assertThat(model.resolve("checkpoint").resolve(ModelPackager.DISTANCES)).doesNotExist();

        // And the checkpoint still exports
        ModelPackager.write(
                new Checkpoints(model.resolve("checkpoint")), dir.resolve("exported"), "x");
        assertThat(dir.resolve("exported").resolve("model.onnx")).isRegularFile();
    }

    @Test
    void aStudentTrainsBesideAShippedTeachersDistancesAndTheCardSaysWhose() throws Exception {
        // Given a run taught by the shipped synthetic model (its own pixel statistics: the images
        // are standardised again for it)
        SignatureDataset data =
                DatasetSpec.load("synthetic:writers=16,genuine=8,forgeries=4,seed=3");
        Path teacher = Path.of("..", "models", "signet-s-synthetic");
        TrainingConfig config =
                oneShortEpoch(dir.resolve("student"))
                        .teacher(teacher)
                        .distillWeight(2f)
                        .measureTest(false)
                        .version("signet-s-student")
                        .build();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        // When
        TrainingResult result = TrainingRun.run(config, data, quiet);

        // Then it trained on both terms (a finite loss) and the card names the teacher
        assertThat(result.history()).hasSize(1);
        assertThat(result.history().get(0).trainLoss()).isFinite().isPositive();
        ModelCard card = ModelCard.read(dir.resolve("student").resolve(ModelCard.FILE_NAME));
        assertThat(card.training())
                .containsEntry("teacher", teacher.toString())
                .containsEntry("distillWeight", 2.0);
    }

    /** One epoch of 128 pairs on the small synthetic set's split: a run that only has to work. */
    private static TrainingConfig.Builder oneShortEpoch(Path out) {
        return TrainingConfig.builder(out)
                .epochs(1)
                .pairsPerEpoch(128)
                .validationShare(0.25)
                .testShare(0.2)
                .evaluationPairsPerWriter(20)
                .seed(5);
    }

    @Test
    void picksTheBestEpochByTheServiceProtocolWhenAsked() throws Exception {
        // Given a run that picks its epoch by the protocol's skilled-forgery EER
        SignatureDataset data =
                DatasetSpec.load("synthetic:writers=16,genuine=8,forgeries=4,seed=3");
        TrainingConfig.Builder builder =
                TrainingConfig.builder(dir.resolve("by-protocol"))
                        .epochs(3)
                        .pairsPerEpoch(128)
                        .validationShare(0.25)
                        .testShare(0.2)
                        .evaluationPairsPerWriter(20)
                        .seed(7)
                        .selectBy(EpochCriterion.PROTOCOL)
                        .bandEdges(BandEdges.STRICTEST_CORPUS)
                        .version("signet-s-protocol");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        // When
        TrainingResult result = TrainingRun.run(builder.build(), data, quiet);

        // Then every epoch was measured both ways, and the chosen one has the lowest protocol EER
        // (an untrained network is never kept, so it is among the trained epochs)
        assertThat(result.history()).hasSize(3);
        EpochStats lowest =
                result.history().stream()
                        .min(java.util.Comparator.comparingDouble(EpochStats::protocolEer))
                        .orElseThrow();
        assertThat(result.history())
                .allSatisfy(e -> assertThat(e.protocolEer()).isBetween(0.0, 1.0));
        assertThat(result.bestEpoch()).isEqualTo(lowest.epoch());
        // the card's pair EER is still the pair EER of the chosen epoch, whatever chose it
        assertThat(result.bestValidationEer()).isEqualTo(lowest.validationEer());
        ModelCard card = ModelCard.read(dir.resolve("by-protocol").resolve(ModelCard.FILE_NAME));
        assertThat(card.training()).containsEntry("selectBy", "protocol");
        // and records how its band was fitted, as asked
        assertThat(card.training()).containsEntry("bandEdges", "strictest-corpus");
        assertThat(card.thresholds().atTargetFrr()).isNotNull();
        assertThat(card.metrics().get("validation_protocol_review_genuine")).isBetween(0.0, 1.0);
        assertThat(Files.readString(dir.resolve("by-protocol").resolve("report.md")))
                .contains("val protocol EER");

        // And resuming it under the other criterion is refused, saying what to pass
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                TrainingRun.run(
                                        builder.epochs(4)
                                                .resume(true)
                                                .selectBy(EpochCriterion.PAIRS)
                                                .build(),
                                        data,
                                        quiet))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--select-by protocol");
    }

    @Test
    void aRunThatTurnsTheInkToItsAxisWritesACardThatDoesTheSame() throws Exception {
        SignatureDataset data =
                DatasetSpec.load("synthetic:writers=16,genuine=8,forgeries=4,seed=3");
        TrainingConfig config =
                TrainingConfig.builder(dir.resolve("turned"))
                        .epochs(1)
                        .pairsPerEpoch(128)
                        .validationShare(0.25)
                        .testShare(0.2)
                        .evaluationPairsPerWriter(20)
                        .seed(5)
                        .orientation(Orientation.PRINCIPAL_AXIS)
                        .version("signet-s-turned")
                        .build();

        TrainingRun.run(config, data, new PrintStream(OutputStream.nullOutputStream()));

        // The service preprocesses as the card says, so the card must say what training did
        ModelCard card = ModelCard.read(dir.resolve("turned").resolve(ModelCard.FILE_NAME));
        assertThat(card.preprocessing().orientation()).isEqualTo(Orientation.PRINCIPAL_AXIS);
        assertThat(card.training()).containsEntry("orientation", "principal-axis");
        assertThat(card.embeddingVersion()).isEqualTo("signet-s-turned+principal-axis");
    }

    /** One short fine-tuning epoch of the test's data, starting from {@code initFrom}. */
    private static TrainingConfig oneEpochFrom(Path initFrom, Path out) {
        return TrainingConfig.builder(out)
                .epochs(1)
                .pairsPerEpoch(256)
                .validationShare(0.25)
                .testShare(0.2)
                .evaluationPairsPerWriter(20)
                .seed(5)
                .version("signet-s-fine-tuned")
                .initFrom(initFrom)
                .build();
    }
}
