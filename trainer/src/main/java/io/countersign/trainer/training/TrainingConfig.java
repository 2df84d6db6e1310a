package io.countersign.trainer.training;

import io.countersign.core.preprocess.Orientation;
import io.countersign.trainer.data.Augmentation;
import io.countersign.trainer.data.PairMix;
import io.countersign.trainer.evaluation.BandEdges;
import io.countersign.trainer.evaluation.CalibrationTarget;
import io.countersign.trainer.evaluation.ThresholdRule;
import io.countersign.trainer.model.SigNetVariant;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a training run needs besides the data; {@link #builder(Path)} holds the defaults.
 *
 * @param out where the model directory (ONNX, card, report) is written
 * @param checkpoints where per-epoch checkpoints go ({@code out/checkpoint} by default)
 * @param references reference signatures each validation and test writer enrols in the service
 *     protocol (K)
 * @param calibrationTarget the forgeries the calibration and threshold are fitted against
 * @param thresholdRule where the card's threshold goes on the validation writers' scores
 * @param bandEdges whose error rates the card's review band holds at {@code targetFar}
 * @param selectBy what picks the best epoch and what early stopping waits on
 * @param selectOn the corpus whose validation writers alone {@code selectBy} is measured on; null
 *     for all of them pooled
 * @param orientation how every image's ink is turned before it is fitted into the canvas, in
 *     training and in the card the service reads
 * @param seed seeds the writer split and the validation and test draws
 * @param trainingSeed seeds the initial weights, the pairs and the augmentation; {@code seed}
 *     unless asked otherwise, so that networks can differ on one and the same split
 * @param teacher a model directory whose distances the student is also taught to match ({@link
 *     io.countersign.trainer.loss.DistilledContrastiveLoss}); null for none
 * @param distillWeight how much matching the teacher counts against the contrastive loss
 * @param trainWriterShare the share of the split's training writers the run trains on (1 for all),
 *     drawn in each corpus with the split's seed; validation and test writers stay as split, so
 *     runs of several shares measure what more writers buy on the same held-out writers
 * @param measureTest whether the run embeds and scores its test writers at the end (off for recipe
 *     search: they are to be looked at once, for the model that ships)
 */
public record TrainingConfig(
        SigNetVariant variant,
        LossKind loss,
        float margin,
        float forgeryWeight,
        String optimizer,
        float learningRate,
        float weightDecay,
        int batchSize,
        int epochs,
        int pairsPerEpoch,
        int patience,
        EpochCriterion selectBy,
        String selectOn,
        double validationShare,
        double testShare,
        double trainWriterShare,
        PairMix mix,
        boolean balanceCorpora,
        Augmentation augmentation,
        Orientation orientation,
        long seed,
        long trainingSeed,
        String device,
        double targetFar,
        int evaluationPairsPerWriter,
        int references,
        CalibrationTarget calibrationTarget,
        ThresholdRule thresholdRule,
        BandEdges bandEdges,
        Path teacher,
        float distillWeight,
        boolean measureTest,
        Path out,
        Path checkpoints,
        boolean resume,
        Path initFrom,
        String version) {

    /**
     * The error rate of a new card's further thresholds: 1 % of skilled forgeries accepted at or
     * below the first, 1 % of genuine signatures rejected above the second (the review band).
     */
    public static final double DEFAULT_TARGET_FAR = 0.01;

    /** Starts from the defaults, writing to {@code out}. */
    public static Builder builder(Path out) {
        return new Builder(out);
    }

    /** The hyper-parameters as recorded in the model card. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", variant.id());
        m.put("loss", loss.toString());
        m.put("margin", margin);
        if (forgeryWeight > 0) {
            m.put("forgeryWeight", forgeryWeight);
        }
        m.put("optimizer", optimizer);
        m.put("learningRate", learningRate);
        m.put("learningRateSchedule", "cosine to 1% over all epochs");
        m.put("weightDecay", weightDecay);
        m.put("batchSize", batchSize);
        m.put("epochs", epochs);
        m.put("pairsPerEpoch", pairsPerEpoch);
        m.put("patience", patience);
        m.put("selectBy", selectBy.id());
        if (selectOn != null) {
            m.put("selectOn", selectOn);
        }
        m.put("pairMix", mix.toString());
        if (balanceCorpora) {
            m.put("balanceCorpora", true);
        }
        m.put("augmentation", augmentation.toString());
        if (orientation != Orientation.AS_SCANNED) {
            m.put("orientation", orientation.id());
        }
        m.put("seed", seed);
        if (trainingSeed != seed) {
            m.put("trainingSeed", trainingSeed);
        }
        m.put("validationShare", validationShare);
        m.put("testShare", testShare);
        if (trainWriterShare < 1) {
            m.put("trainWriterShare", trainWriterShare);
        }
        if (initFrom != null) {
            m.put("initFrom", initFrom.toString());
        }
        m.put("targetFar", targetFar);
        m.put("references", references);
        m.put("calibratedAgainst", calibrationTarget.id());
        m.put("thresholdAt", thresholdRule.id());
        m.put("bandEdges", bandEdges.id());
        if (teacher != null) {
            m.put("teacher", teacher.toString());
            m.put("distillWeight", distillWeight);
        }
        if (!measureTest) {
            m.put("testMeasured", false);
        }
        return m;
    }

    /** Mutable builder with the defaults of the command line. */
    public static final class Builder {
        private SigNetVariant variant = SigNetVariant.SIGNET_S;
        private LossKind loss = LossKind.CONTRASTIVE;
        private float margin = 1f;
        private float forgeryWeight;
        private String optimizer = "adam";
        private Float learningRate;
        private float weightDecay = 1e-4f;
        private int batchSize = 16;
        private int epochs = 10;
        private int pairsPerEpoch = 1024;
        private int patience = 4;
        private EpochCriterion selectBy = EpochCriterion.PAIRS;
        private String selectOn;
        private double validationShare = 0.15;
        private double testShare = 0.2;
        private double trainWriterShare = 1;
        private PairMix mix = PairMix.BALANCED;
        private boolean balanceCorpora;
        private boolean measureTest = true;
        private Path teacher;
        private float distillWeight = 1f;
        private Augmentation augmentation = Augmentation.GEOMETRY;
        private Orientation orientation = Orientation.AS_SCANNED;
        private long seed = 42;
        private Long trainingSeed;
        private String device = "cpu";
        private double targetFar = DEFAULT_TARGET_FAR;
        private int evaluationPairsPerWriter = 40;
        private int references = 5;
        private CalibrationTarget calibrationTarget = CalibrationTarget.SKILLED;
        private ThresholdRule thresholdRule = ThresholdRule.EQUAL_ERROR;
        private BandEdges bandEdges = BandEdges.POOLED;
        private final Path out;
        private Path checkpoints;
        private boolean resume;
        private Path initFrom;
        private String version;

        private Builder(Path out) {
            this.out = out;
        }

        public Builder variant(SigNetVariant v) {
            variant = v;
            return this;
        }

        public Builder loss(LossKind v) {
            loss = v;
            return this;
        }

        public Builder margin(float v) {
            margin = v;
            return this;
        }

        public Builder forgeryWeight(float v) {
            forgeryWeight = v;
            return this;
        }

        public Builder optimizer(String v) {
            optimizer = v;
            return this;
        }

        /** The initial learning rate; null: the variant's default. */
        public Builder learningRate(Float v) {
            learningRate = v;
            return this;
        }

        public Builder weightDecay(float v) {
            weightDecay = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder pairsPerEpoch(int v) {
            pairsPerEpoch = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder selectBy(EpochCriterion v) {
            selectBy = v;
            return this;
        }

        public Builder selectOn(String corpus) {
            selectOn = corpus;
            return this;
        }

        public Builder validationShare(double v) {
            validationShare = v;
            return this;
        }

        public Builder testShare(double v) {
            testShare = v;
            return this;
        }

        public Builder trainWriterShare(double v) {
            trainWriterShare = v;
            return this;
        }

        public Builder mix(PairMix v) {
            mix = v;
            return this;
        }

        /** Also teaches the network a teacher model's distances (contrastive loss only). */
        public Builder teacher(Path v) {
            teacher = v;
            return this;
        }

        public Builder distillWeight(float v) {
            distillWeight = v;
            return this;
        }

        public Builder measureTest(boolean v) {
            measureTest = v;
            return this;
        }

        public Builder balanceCorpora(boolean v) {
            balanceCorpora = v;
            return this;
        }

        public Builder augmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        public Builder orientation(Orientation v) {
            orientation = v;
            return this;
        }

        /** Seeds weights, pairs and augmentation apart from the split; null: {@link #seed}. */
        public Builder trainingSeed(Long v) {
            trainingSeed = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder device(String v) {
            device = v;
            return this;
        }

        public Builder targetFar(double v) {
            targetFar = v;
            return this;
        }

        public Builder evaluationPairsPerWriter(int v) {
            evaluationPairsPerWriter = v;
            return this;
        }

        /** References each validation and test writer enrols in the service protocol. */
        public Builder references(int v) {
            references = v;
            return this;
        }

        /** Where the threshold goes on the validation writers' scores. */
        public Builder thresholdRule(ThresholdRule v) {
            thresholdRule = v;
            return this;
        }

        /** Whose error rates the review band's edges hold at the target rate. */
        public Builder bandEdges(BandEdges v) {
            bandEdges = v;
            return this;
        }

        /** The forgeries the calibration, and so the even-odds threshold, is fitted against. */
        public Builder calibrationTarget(CalibrationTarget v) {
            calibrationTarget = v;
            return this;
        }

        public Builder checkpoints(Path v) {
            checkpoints = v;
            return this;
        }

        public Builder resume(boolean v) {
            resume = v;
            return this;
        }

        /** Starts from the best weights in another run's checkpoint directory (fine-tuning). */
        public Builder initFrom(Path v) {
            initFrom = v;
            return this;
        }

        public Builder version(String v) {
            version = v;
            return this;
        }

        /** Validates and builds. */
        public TrainingConfig build() {
            if (batchSize < 2 || epochs < 1 || pairsPerEpoch < batchSize) {
                throw new IllegalArgumentException(
                        "need batch size >= 2, epochs >= 1 and pairs per epoch >= batch size");
            }
            if (references < 1) {
                throw new IllegalArgumentException(
                        "--references must be at least 1, was " + references);
            }
            if (resume && initFrom != null) {
                throw new IllegalArgumentException(
                        "--resume continues this run, --init-from starts a new one from another:"
                                + " give one of them");
            }
            if (!(forgeryWeight >= 0)) {
                throw new IllegalArgumentException(
                        "--forgery-weight must be 0 (off) or more, was " + forgeryWeight);
            }
            if (forgeryWeight > 0 && loss != LossKind.PROXY) {
                throw new IllegalArgumentException(
                        "--forgery-weight weighs a head of writer classification: use it with"
                                + " --loss proxy");
            }
            if (teacher != null && loss != LossKind.CONTRASTIVE) {
                throw new IllegalArgumentException(
                        "--teacher adds its distances to the contrastive loss on pairs: use it with"
                                + " --loss contrastive");
            }
            if (!(distillWeight > 0)) {
                throw new IllegalArgumentException(
                        "--distill-weight must be positive, was " + distillWeight);
            }
            if (selectOn != null && selectBy != EpochCriterion.PROTOCOL) {
                throw new IllegalArgumentException(
                        "--select-on "
                                + selectOn
                                + " picks by one corpus's service-protocol EER: use it with"
                                + " --select-by protocol");
            }
            if (!(trainWriterShare > 0 && trainWriterShare <= 1)) {
                throw new IllegalArgumentException(
                        "--train-writer-share must be above 0 and at most 1, was "
                                + trainWriterShare);
            }
            if (!optimizer.equals("adam") && !optimizer.equals("rmsprop")) {
                throw new IllegalArgumentException(
                        "unknown optimizer '" + optimizer + "': use adam or rmsprop");
            }
            String v =
                    version != null
                            ? version
                            : variant.id()
                                    + "-"
                                    + java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            return new TrainingConfig(
                    variant,
                    loss,
                    margin,
                    forgeryWeight,
                    optimizer,
                    learningRate != null ? learningRate : variant.defaultLearningRate(),
                    weightDecay,
                    batchSize,
                    epochs,
                    pairsPerEpoch,
                    patience,
                    selectBy,
                    selectOn,
                    validationShare,
                    testShare,
                    trainWriterShare,
                    mix,
                    balanceCorpora,
                    augmentation,
                    orientation,
                    seed,
                    trainingSeed != null ? trainingSeed : seed,
                    device,
                    targetFar,
                    evaluationPairsPerWriter,
                    references,
                    calibrationTarget,
                    thresholdRule,
                    bandEdges,
                    teacher,
                    distillWeight,
                    measureTest,
                    out,
                    checkpoints != null ? checkpoints : out.resolve("checkpoint"),
                    resume,
                    initFrom,
                    v);
        }
    }
}
