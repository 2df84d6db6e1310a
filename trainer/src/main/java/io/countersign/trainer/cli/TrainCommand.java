package io.countersign.trainer.cli;

import io.countersign.core.preprocess.Orientation;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.Augmentation;
import io.countersign.trainer.data.PairMix;
import io.countersign.trainer.evaluation.BandEdges;
import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.evaluation.ProtocolMetrics;
import io.countersign.trainer.model.SigNetVariant;
import io.countersign.trainer.training.EpochCriterion;
import io.countersign.trainer.training.LossKind;
import io.countersign.trainer.training.TrainingConfig;
import io.countersign.trainer.training.TrainingResult;
import io.countersign.trainer.training.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code countersign train}: trains SigNet and writes ONNX, model card and report. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a Siamese SigNet and write model.onnx, model-card.json and report.md.")
final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--dataset",
            required = true,
            description =
                    "synthetic[:writers=N,...] | sign_data:DIR | bhsig260:DIR | cedar:DIR |"
                            + " gpds:DIR | mcyt:DIR | folders:DIR; repeat it to train on several"
                            + " corpora at once")
    List<String> dataset;

    @Option(
            names = "--variant",
            defaultValue = "signet-s",
            description =
                    "signet | signet-s | signet-s-l2 (unit-length embedding) | signet-m (signet-s a third wider) | signet-s-ink (signet-s reading every image at one ink level) (default: ${DEFAULT-VALUE})")
    String variant;

    @Option(
            names = "--loss",
            defaultValue = "contrastive",
            description =
                    "contrastive | triplet | batch-hard | batch-all | proxy (writer classification)"
                            + " (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(
            names = "--margin",
            defaultValue = "1.0",
            description = "loss margin (default: ${DEFAULT-VALUE})")
    float margin;

    @Option(
            names = "--forgery-weight",
            defaultValue = "0",
            description =
                    "with --loss proxy: weight of a second head that tells any skilled forgery"
                            + " from any genuine signature, writer-independent forgery cues as in"
                            + " SigNet-F (0: off; default: ${DEFAULT-VALUE})")
    float forgeryWeight;

    @Option(
            names = "--optimizer",
            defaultValue = "adam",
            description = "adam | rmsprop (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(
            names = "--lr",
            description =
                    "initial learning rate, cosine-decayed (default: 1e-3 for signet-s, 1e-4 for"
                            + " signet)")
    Float learningRate;

    @Option(
            names = "--weight-decay",
            defaultValue = "0.0001",
            description = "L2 weight decay (default: ${DEFAULT-VALUE})")
    float weightDecay;

    @Option(
            names = "--batch-size",
            defaultValue = "16",
            description = "pairs per step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(
            names = "--pairs-per-epoch",
            defaultValue = "1024",
            description = "training pairs drawn per epoch (default: ${DEFAULT-VALUE})")
    int pairsPerEpoch;

    @Option(
            names = "--patience",
            defaultValue = "4",
            description =
                    "epochs without a better validation EER before stopping (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(
            names = "--select-by",
            defaultValue = "pairs",
            description =
                    "what picks the best epoch and what --patience waits on: pairs (validation"
                            + " pair EER) | protocol (the service protocol's skilled-forgery EER"
                            + " on the validation writers, K references); both are logged every"
                            + " epoch (default: ${DEFAULT-VALUE})")
    String selectBy;

    @Option(
            names = "--select-on",
            paramLabel = "CORPUS",
            description =
                    "with --select-by protocol: measure it on this corpus's validation writers"
                            + " alone (the name the log's protocol line gives it, e.g. folders or"
                            + " sign_data; bhsig260 pools bhsig260/Bengali and bhsig260/Hindi), not"
                            + " all pooled: when fine-tuning for your writers with others mixed in,"
                            + " pick the epoch by yours")
    String selectOn;

    @Option(
            names = "--pair-mix",
            defaultValue = "2:1:1",
            description = "genuine:skilled:random pair ratio (default: ${DEFAULT-VALUE})")
    String pairMix;

    @Option(
            names = "--teacher",
            paramLabel = "DIR",
            description =
                    "a model directory (an ensemble, say) whose distances between the training"
                            + " images the network also learns to reproduce, beside the"
                            + " contrastive loss (--loss contrastive; the student is best started"
                            + " with --init-from); its canvas and --orientation must be the run's")
    Path teacher;

    @Option(
            names = "--distill-weight",
            defaultValue = "1.0",
            description =
                    "with --teacher, how much matching the teacher's distances counts against"
                            + " the contrastive loss (default: ${DEFAULT-VALUE})")
    float distillWeight;

    @Option(
            names = "--skip-test",
            description =
                    "do not embed or score the test writers at the end: for recipe search, where"
                            + " they are to be looked at once, for the model that ships"
                            + " (evaluate --split test); the card and report say they were not"
                            + " measured")
    boolean skipTest;

    @Option(
            names = "--balance-corpora",
            description =
                    "draw each pair's writer from a corpus chosen uniformly (each --dataset, and"
                            + " each BHSig260 language, as often as the others), not each writer"
                            + " equally often")
    boolean balanceCorpora;

    @Option(
            names = "--orientation",
            defaultValue = "as-scanned",
            paramLabel = "as-scanned|principal-axis",
            description =
                    "turn every image so that its ink's principal axis lies horizontal before it"
                            + " is fitted into the canvas (principal-axis), in training and in the"
                            + " card the service reads (default: ${DEFAULT-VALUE})")
    String orientation;

    @Option(
            names = "--augmentation",
            defaultValue = "geometry",
            description =
                    "none | geometry (small affine moves, thicker strokes) | scan (geometry, then"
                            + " the ink's tone, blur and specks of other scanners) | artefacts"
                            + " (geometry, then blur and specks only) | scan-paired (scan, with"
                            + " one scanner's tone and blur for both images of a pair) | pen"
                            + " (geometry, then a broader or finer pen for half the images)"
                            + " (default: ${DEFAULT-VALUE})")
    String augmentation;

    @Option(names = "--no-augment", description = "the same as --augmentation none")
    boolean noAugment;

    @Option(
            names = "--validation-share",
            defaultValue = "0.15",
            description = "share of writers for validation (default: ${DEFAULT-VALUE})")
    double validationShare;

    @Option(
            names = "--test-share",
            defaultValue = "0.2",
            description =
                    "share of writers for test where the layout has no test partition (default: ${DEFAULT-VALUE})")
    double testShare;

    @Option(
            names = "--train-writer-share",
            defaultValue = "1",
            description =
                    "train on this share of the split's training writers, drawn in each corpus"
                            + " (validation and test writers as split): what more writers buy"
                            + " (default: all)")
    double trainWriterShare;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "seed of splits, pairs, augmentation (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--training-seed",
            description =
                    "seed of the initial weights, pairs and augmentation only, so that networks"
                            + " differ on the same split and validation draws (default: --seed)")
    Long trainingSeed;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            description = "cpu | gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(
            names = "--references",
            defaultValue = "5",
            description =
                    "genuine references each validation and test writer enrols when the scoring"
                            + " rule is fitted and measured (default: ${DEFAULT-VALUE})")
    int references;

    @Mixin ScoringFitOptions scoringFit = new ScoringFitOptions();

    @Option(names = "--out", required = true, description = "model directory to write")
    Path out;

    @Option(names = "--checkpoint-dir", description = "checkpoints (default: OUT/checkpoint)")
    Path checkpointDir;

    @Option(names = "--resume", description = "continue from the last checkpoint")
    boolean resume;

    @Option(
            names = "--init-from",
            paramLabel = "DIR",
            description =
                    "start from the best weights of another run's checkpoint directory, or"
                            + " from an exported model directory such as models/signet-s-real"
                            + " (fine-tune, e.g. on your own customers' scans)")
    Path initFrom;

    @Option(
            names = "--model-version",
            description = "version in the model card (default: VARIANT-DATE)")
    String version;

    @Override
    public Integer call() throws Exception {
        TrainingConfig config =
                TrainingConfig.builder(out)
                        .variant(SigNetVariant.parse(variant))
                        .loss(LossKind.parse(loss))
                        .margin(margin)
                        .forgeryWeight(forgeryWeight)
                        .optimizer(optimizer.toLowerCase(Locale.ROOT))
                        .learningRate(learningRate)
                        .weightDecay(weightDecay)
                        .batchSize(batchSize)
                        .epochs(epochs)
                        .pairsPerEpoch(pairsPerEpoch)
                        .patience(patience)
                        .selectBy(EpochCriterion.parse(selectBy))
                        .selectOn(selectOn)
                        .mix(PairMix.parse(pairMix))
                        .balanceCorpora(balanceCorpora)
                        .teacher(teacher)
                        .distillWeight(distillWeight)
                        .measureTest(!skipTest)
                        .orientation(Orientation.parse(orientation))
                        .augmentation(
                                noAugment ? Augmentation.NONE : Augmentation.parse(augmentation))
                        .validationShare(validationShare)
                        .testShare(testShare)
                        .trainWriterShare(trainWriterShare)
                        .seed(seed)
                        .trainingSeed(trainingSeed)
                        .device(device)
                        .targetFar(scoringFit.targetFar(TrainingConfig.DEFAULT_TARGET_FAR))
                        .references(references)
                        .calibrationTarget(scoringFit.target())
                        .thresholdRule(scoringFit.thresholdRule())
                        .bandEdges(scoringFit.bandEdges(BandEdges.POOLED))
                        .checkpoints(checkpointDir)
                        .resume(resume)
                        .initFrom(initFrom)
                        .version(version)
                        .build();
        SignatureDataset data = DatasetSpec.load(dataset);
        TrainingResult result = TrainingRun.run(config, data, System.err);
        ProtocolFit fit = result.protocol().fit();
        ScoringRule rule = fit.rule();
        // Validation only: the test writers' numbers are in the card and report.md, to be read
        // once, at the end, not on every run while recipes are still being chosen.
        System.out.println(
                Tables.groups(
                        "validation writers, service protocol (the rule was fitted on them)",
                        ProtocolMetrics.groups(
                                fit.validation(), rule, Optional.of(fit.reviewBand()))));
        System.out.printf(
                Locale.ROOT,
                "threshold %.4f (%s; P(genuine) = 0.5 there, calibrated against %s forgeries,"
                        + " %s distance, normalisation %s, %d references), model written to %s;"
                        + " %s%n",
                rule.threshold(),
                fit.thresholdAt(),
                fit.target(),
                rule.aggregation().id(),
                rule.normalizationLabel(),
                references,
                out,
                skipTest
                        ? "test writers not measured (--skip-test)"
                        : "test-writer metrics are in its report.md");
        return 0;
    }
}
