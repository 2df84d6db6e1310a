package io.countersign.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.trainer.data.Augmenter;
import io.countersign.trainer.data.EvaluationPairs;
import io.countersign.trainer.data.PairSampler;
import io.countersign.trainer.data.TrainingSample;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.data.WriterSplit;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.OperatingPoint;
import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.evaluation.ProtocolScores;
import io.countersign.trainer.evaluation.ProtocolTrials;
import io.countersign.trainer.evaluation.VerificationMetrics;
import io.countersign.trainer.export.OnnxWeights;
import io.countersign.trainer.inference.BlockEmbeddings;
import io.countersign.trainer.loss.DistilledContrastiveLoss;
import io.countersign.trainer.loss.ProxySoftmaxLoss;
import io.countersign.trainer.model.DjlRuntime;
import io.countersign.trainer.model.SigNet;
import io.countersign.trainer.model.SigNetVariant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a Siamese SigNet on preprocessed images of writer-disjoint splits: epochs of fresh pairs,
 * validation EER after each, a checkpoint each epoch, early stopping on validation EER, then the
 * best epoch's scoring rule fitted on the validation writers under the service protocol and
 * measured on the test writers (unless the run is told not to), under the protocol and on pairs.
 */
public final class SiameseTraining {

    private static final Logger log = LoggerFactory.getLogger(SiameseTraining.class);
    private static final int EMBED_BATCH = 32;

    private final TrainingConfig config;
    private final PrintStream progress;

    /** A training run with this configuration; the progress bar goes to {@code progress}. */
    public SiameseTraining(TrainingConfig config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * Trains, checkpoints and evaluates; the model directory is left to the packager. The images
     * are normalised with {@code spec}, which the scan augmentation needs to tell ink from paper.
     */
    public TrainingResult train(
            List<WriterImages> images, WriterSplit split, PreprocessingSpec spec)
            throws IOException {
        Device device = DjlRuntime.device(config.device());
        SigNetVariant variant = config.variant();
        SequentialBlock block = SigNet.builder().setVariant(variant).build();
        Checkpoints checkpoints = new Checkpoints(config.checkpoints());
        EvaluationPairs validation =
                new EvaluationPairs(
                        WriterSplit.select(images, split.validation()),
                        config.evaluationPairsPerWriter(),
                        config.seed() + 1);
        // Recipe search leaves the test writers alone (--skip-test): not even embedded.
        EvaluationPairs test =
                config.measureTest()
                        ? new EvaluationPairs(
                                WriterSplit.select(images, split.test()),
                                config.evaluationPairsPerWriter(),
                                config.seed() + 2)
                        : null;
        List<WriterImages> trainImages = WriterSplit.select(images, split.train());
        PairSampler sampler = new PairSampler(trainImages, config.mix(), config.balanceCorpora());
        TeacherDistances teacher =
                config.teacher() == null
                        ? null
                        : TeacherDistances.embed(config.teacher(), trainImages, spec);
        if (teacher != null) {
            log.info("teacher {}: {} training images embedded", config.teacher(), teacher.size());
        }
        log.info(
                "{} on {}: {} train / {} validation / {} test writers, {} validation pairs",
                variant,
                device,
                split.train().size(),
                split.validation().size(),
                split.test().size(),
                validation.size());
        // Seeds the engine's initialisers and dropout, so a run is repeatable on one machine.
        Engine.getEngine(DjlRuntime.PYTORCH).setRandomSeed((int) config.trainingSeed());
        try (Model model = Model.newInstance("signet", device, DjlRuntime.PYTORCH)) {
            model.setBlock(block);
            Checkpoints.State state = start(model, checkpoints, variant);
            // The cached images are normalised: full ink lies 1 / std above paper.
            state =
                    trainEpochs(
                            model,
                            checkpoints,
                            state,
                            sampler,
                            teacher,
                            validation,
                            1 / spec.std());
            checkpoints.load(model, true);
            float[][] valEmbeddings = embeddings(model, validation);
            // The pair table's own operating point; the card's comes from the protocol.
            OperatingPoint point =
                    OperatingPoint.fit(validation.distances(valEmbeddings), config.targetFar());
            float[][] testEmbeddings = test == null ? null : embeddings(model, test);
            DistanceSet testDistances = test == null ? null : test.distances(testEmbeddings);
            Map<String, Double> metrics =
                    test == null ? Map.of() : VerificationMetrics.measure(testDistances, point);
            ProtocolEvaluation protocol =
                    ProtocolEvaluation.run(
                            validation.writers(valEmbeddings),
                            test == null ? null : test.writers(testEmbeddings),
                            config);
            return new TrainingResult(
                    config,
                    split,
                    state.history(),
                    state.initialEer(),
                    state.bestEpoch(),
                    pairEer(state),
                    point,
                    metrics,
                    testDistances,
                    protocol,
                    config.out());
        }
    }

    /** The chosen weights' validation pair EER, whichever criterion chose them. */
    private static double pairEer(Checkpoints.State state) {
        return state.history().stream()
                .filter(e -> e.epoch() == state.bestEpoch())
                .mapToDouble(EpochStats::validationEer)
                .findFirst()
                .orElse(state.initialEer());
    }

    private Checkpoints.State start(Model model, Checkpoints checkpoints, SigNetVariant variant)
            throws IOException {
        if (config.resume() && checkpoints.exists()) {
            Checkpoints.State state = checkpoints.state();
            if (state.variant() != variant) {
                throw new IllegalArgumentException(
                        "checkpoint in "
                                + checkpoints.dir()
                                + " is "
                                + state.variant()
                                + ", not "
                                + variant
                                + ": use --variant "
                                + state.variant());
            }
            if (state.criterion() != config.selectBy()) {
                throw new IllegalArgumentException(
                        "checkpoint in "
                                + checkpoints.dir()
                                + " picked its best epoch by "
                                + state.criterion()
                                + ", not "
                                + config.selectBy()
                                + ": use --select-by "
                                + state.criterion());
            }
            checkpoints.load(model, false);
            log.info(
                    "resuming after epoch {} (best {} EER {} at epoch {})",
                    state.epoch(),
                    state.criterion(),
                    pct(state.bestEer()),
                    state.bestEpoch());
            return state;
        }
        if (config.resume()) {
            throw new IllegalArgumentException(
                    "--resume: no checkpoint in "
                            + checkpoints.dir()
                            + "; drop --resume to start afresh");
        }
        if (config.initFrom() != null && isModelDirectory(config.initFrom())) {
            fromModelDirectory(model, config.initFrom(), variant);
        } else if (config.initFrom() != null) {
            Checkpoints source = new Checkpoints(config.initFrom());
            if (!source.exists()) {
                throw new IllegalArgumentException(
                        "--init-from "
                                + config.initFrom()
                                + " holds no checkpoint and no exported model: give the"
                                + " checkpoint directory of a finished run (OUT/checkpoint) or a"
                                + " model directory (model.onnx and model-card.json)");
            }
            if (source.state().variant() != variant) {
                throw new IllegalArgumentException(
                        "--init-from "
                                + config.initFrom()
                                + " is "
                                + source.state().variant()
                                + ", not "
                                + variant
                                + ": use --variant "
                                + source.state().variant());
            }
            // Its best weights, then a run of our own: fresh schedule, optimiser and epochs.
            source.load(model, true);
            log.info("starting from the best weights in {}", config.initFrom());
        }
        return null;
    }

    private static boolean isModelDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve("model.onnx"))
                && Files.isRegularFile(dir.resolve(ModelCard.FILE_NAME));
    }

    /**
     * Starts from an exported model's weights (a shipped model keeps no checkpoint): its card must
     * name the variant being trained, and its ONNX initializers become the block's parameters.
     */
    private static void fromModelDirectory(Model model, Path dir, SigNetVariant variant)
            throws IOException {
        String architecture = ModelCard.read(dir.resolve(ModelCard.FILE_NAME)).architecture();
        if (!variant.id().equals(architecture)) {
            throw new IllegalArgumentException(
                    "--init-from "
                            + dir
                            + " is "
                            + architecture
                            + ", not "
                            + variant.id()
                            + (architecture.startsWith("ensemble")
                                    ? ": an ensemble's networks cannot be fine-tuned together;"
                                            + " fine-tune a member's own model directory"
                                    : ": use --variant " + architecture));
        }
        model.getBlock()
                .initialize(
                        model.getNDManager(),
                        DataType.FLOAT32,
                        new Shape(2, 1, SigNetVariant.HEIGHT, SigNetVariant.WIDTH));
        OnnxWeights.load(dir.resolve("model.onnx"), (SequentialBlock) model.getBlock(), variant);
        log.info("starting from the weights of the model in {}", dir);
    }

    private Checkpoints.State trainEpochs(
            Model model,
            Checkpoints checkpoints,
            Checkpoints.State resumed,
            PairSampler sampler,
            TeacherDistances teacher,
            EvaluationPairs validation,
            float inkSpan)
            throws IOException {
        int steps = config.pairsPerEpoch() / config.batchSize();
        Loss loss =
                config.loss() == LossKind.PROXY
                        ? new ProxySoftmaxLoss(
                                config.margin(),
                                config.forgeryWeight(),
                                2 * sampler.writerCount(),
                                SigNetVariant.EMBEDDING_SIZE,
                                model.getNDManager(),
                                config.trainingSeed())
                        : teacher != null
                                ? new DistilledContrastiveLoss(
                                        config.margin(), config.distillWeight())
                                : config.loss().create(config.margin());
        DefaultTrainingConfig trainingConfig =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(
                                // A resumed run continues the learning-rate schedule where it was.
                                Optimizers.create(
                                        config,
                                        steps * config.epochs(),
                                        resumed == null ? 0 : steps * resumed.epoch()))
                        .optInitializer(SigNet.initializer(), Parameter.Type.WEIGHT)
                        .optDevices(new Device[] {model.getNDManager().getDevice()});
        Augmenter augmenter =
                config.augmentation().augmenter(SigNetVariant.HEIGHT, SigNetVariant.WIDTH, inkSpan);
        EpochRunner runner =
                new EpochRunner(
                        config,
                        sampler,
                        new BatchAssembler(
                                SigNetVariant.HEIGHT, SigNetVariant.WIDTH, augmenter, teacher),
                        progress);
        try (Trainer trainer = model.newTrainer(trainingConfig)) {
            trainer.initialize(new Shape(2, 1, SigNetVariant.HEIGHT, SigNetVariant.WIDTH));
            if (loss instanceof DistilledContrastiveLoss distilled) {
                distilled.scale(teacherScale(model, sampler, teacher));
            }
            Checkpoints.State state = resumed;
            if (state == null) {
                Validation initial = validate(model, validation);
                log.info(
                        "{} network: validation EER {}{}",
                        config.initFrom() == null ? "untrained" : "initial",
                        pct(initial.pairEer()),
                        initial.protocolLabel());
                // A fine-tune starts from a trained model: its weights stay the best until an
                // epoch beats them, so a fine-tune never ends worse than it began. An untrained
                // network is no candidate.
                double initialCriterion = initial.by(config.selectBy(), config.selectOn());
                double bestSoFar =
                        config.initFrom() == null
                                ? Checkpoints.State.NO_CANDIDATE
                                : initialCriterion;
                state =
                        new Checkpoints.State(
                                config.variant(),
                                config.selectBy(),
                                0,
                                0,
                                bestSoFar,
                                initial.pairEer(),
                                List.of());
                checkpoints.save(model, state, true);
            }
            for (int epoch = state.epoch() + 1; epoch <= config.epochs(); epoch++) {
                if (epoch - state.bestEpoch() > config.patience() && state.hasCandidate()) {
                    log.info(
                            "early stop: no better validation {} EER{} for {} epochs",
                            config.selectBy(),
                            config.selectOn() == null ? "" : " of " + config.selectOn(),
                            config.patience());
                    break;
                }
                state = epoch(model, trainer, runner, validation, checkpoints, state, epoch);
            }
            if (config.initFrom() != null && state.bestEpoch() == 0) {
                log.warn(keptTheStartingWeights(state, config.selectOn()));
            }
            return state;
        }
    }

    /**
     * Why a fine-tune wrote its starting network: no epoch beat it on the criterion, which pools
     * every corpus's validation writers unless {@code selectOn} names one. Where another corpus has
     * most of them and the start is tuned to it, a fine-tune that helps the new writers can still
     * lose there.
     */
    static String keptTheStartingWeights(Checkpoints.State state, String selectOn) {
        String measured =
                selectOn == null
                        ? "The criterion pools every corpus's validation writers; to adapt to"
                                + " writers outside the start's corpora, mix them with generated"
                                + " ones (--dataset synthetic:..., --balance-corpora), pick the"
                                + " epoch on theirs (--select-by protocol --select-on CORPUS) or"
                                + " run longer (--patience)"
                        : "It was measured on "
                                + selectOn
                                + "'s validation writers alone; run longer (--patience), or"
                                + " hold out more of them if they are few";
        return String.format(
                Locale.ROOT,
                "no epoch beat the starting weights' validation %s EER (%s): the model written is"
                        + " the starting network. %s: docs/training.md, \"Adapting a network to"
                        + " your writers\"",
                state.criterion(),
                pct(state.bestEer()),
                measured);
    }

    private Checkpoints.State epoch(
            Model model,
            Trainer trainer,
            EpochRunner runner,
            EvaluationPairs validation,
            Checkpoints checkpoints,
            Checkpoints.State state,
            int epoch)
            throws IOException {
        double[] run = runner.run(trainer, epoch);
        Validation val = validate(model, validation);
        double valLoss = contrastiveLoss(val.pairs(), config.margin());
        EpochStats stats =
                new EpochStats(
                        epoch, run[0], valLoss, val.pairEer(), run[2], run[1], val.protocolEer());
        List<EpochStats> history = new ArrayList<>(state.history());
        history.add(stats);
        double criterion = val.by(config.selectBy(), config.selectOn());
        boolean best = state.improvedBy(criterion);
        Checkpoints.State next =
                new Checkpoints.State(
                        config.variant(),
                        config.selectBy(),
                        epoch,
                        best ? epoch : state.bestEpoch(),
                        best ? criterion : state.bestEer(),
                        state.initialEer(),
                        history);
        checkpoints.save(model, next, best);
        log.info(
                String.format(
                        Locale.ROOT,
                        "epoch %d/%d  train loss %.4f  val loss %.4f  val EER %s%s%s  %.1f pairs/s"
                                + "  %.0f s",
                        epoch,
                        config.epochs(),
                        run[0],
                        valLoss,
                        pct(val.pairEer()),
                        val.protocolLabel(),
                        best ? " (best)" : "",
                        run[1],
                        run[2]));
        return next;
    }

    /**
     * The validation writers measured both ways from one set of embeddings: isolated pairs, and the
     * service protocol (K references, {@link ProtocolTrials#FIT_DRAWS} enrolment draws, the best
     * candidate rule) per corpus, which costs only distances.
     */
    private Validation validate(Model model, EvaluationPairs validation) {
        float[][] embeddings = embeddings(model, validation);
        DistanceSet pairs = validation.distances(embeddings);
        ProtocolFit.Choice protocol =
                ProtocolFit.choose(
                        ProtocolTrials.draws(
                                validation.writers(embeddings),
                                config.references(),
                                ProtocolTrials.DEFAULT_RANDOM_WRITERS,
                                config.seed() + 3,
                                ProtocolTrials.FIT_DRAWS));
        return new Validation(
                pairs,
                pairs.eer(),
                protocol.eer(),
                eerByCorpus(protocol.scores(), config.selectOn()));
    }

    /**
     * The protocol EER of each corpus's validation writers, and of {@code selectOn} where that
     * names a corpus whose reader qualifies its writers further ({@code bhsig260} for {@code
     * bhsig260/Bengali} and {@code bhsig260/Hindi}): its writers' trials pooled, so a corpus can be
     * selected on by the name it was given.
     */
    static Map<String, Double> eerByCorpus(ProtocolScores scores, String selectOn) {
        Map<String, Double> byCorpus = new TreeMap<>();
        scores.byCorpus().forEach((corpus, part) -> byCorpus.put(corpus, part.pooled().eer()));
        if (selectOn != null && !byCorpus.containsKey(selectOn)) {
            List<ProtocolScores.WriterScores> within =
                    scores.writers().stream()
                            .filter(w -> w.writer().startsWith(selectOn + "/"))
                            .toList();
            if (!within.isEmpty()) {
                byCorpus.put(selectOn, new ProtocolScores(within, List.of()).pooled().eer());
            }
        }
        return byCorpus;
    }

    /**
     * One epoch's validation: pair distances and EER, and the protocol's EER pooled and per corpus.
     */
    record Validation(
            DistanceSet pairs, double pairEer, double protocolEer, Map<String, Double> byCorpus) {

        /**
         * The criterion's EER: of all validation writers pooled, or of one corpus's alone ({@code
         * corpus}, protocol only), which must be among them.
         */
        double by(EpochCriterion criterion, String corpus) {
            if (corpus == null) {
                return criterion == EpochCriterion.PROTOCOL ? protocolEer : pairEer;
            }
            Double eer = byCorpus.get(corpus);
            if (eer == null) {
                throw new IllegalArgumentException(
                        "--select-on "
                                + corpus
                                + ": no validation writers of that corpus; the corpora are "
                                + byCorpus.keySet());
            }
            return eer;
        }

        /** E.g. {@code ", protocol 14.20% (bhsig260/Bengali 10.10%, ...)"}. */
        String protocolLabel() {
            StringBuilder label = new StringBuilder(", protocol ").append(pct(protocolEer));
            if (byCorpus.size() > 1) {
                label.append(" (");
                byCorpus.forEach(
                        (corpus, eer) ->
                                label.append(corpus).append(' ').append(pct(eer)).append(", "));
                label.setLength(label.length() - 2);
                label.append(')');
            }
            return label.toString();
        }
    }

    /**
     * The student's mean distance over the teacher's on 512 training pairs, drawn with the run's
     * seed and embedded as cached: it puts the teacher's distances in the student's units as the
     * student starts, so the contrastive margin keeps its meaning.
     */
    private float teacherScale(Model model, PairSampler sampler, TeacherDistances teacher) {
        List<TrainingSample> pairs = sampler.pairs(512, new Random(config.trainingSeed() + 17));
        List<float[]> images = new ArrayList<>();
        pairs.forEach(p -> images.add(p.anchor()));
        pairs.forEach(p -> images.add(p.other()));
        float[][] e =
                BlockEmbeddings.embed(
                        model.getBlock(),
                        model.getNDManager(),
                        images,
                        SigNetVariant.HEIGHT,
                        SigNetVariant.WIDTH,
                        EMBED_BATCH);
        double student = 0;
        double taught = 0;
        for (int i = 0; i < pairs.size(); i++) {
            double sum = 0;
            for (int k = 0; k < e[i].length; k++) {
                double d = e[i][k] - e[pairs.size() + i][k];
                sum += d * d;
            }
            student += Math.sqrt(sum);
            taught += teacher.distance(pairs.get(i).anchor(), pairs.get(i).other());
        }
        float scale = (float) (student / taught);
        log.info("teacher's distances times {} to match the student's units", scale);
        return scale;
    }

    private float[][] embeddings(Model model, EvaluationPairs pairs) {
        return BlockEmbeddings.embed(
                model.getBlock(),
                model.getNDManager(),
                pairs.images(),
                SigNetVariant.HEIGHT,
                SigNetVariant.WIDTH,
                EMBED_BATCH);
    }

    /** The contrastive loss of the validation pairs (both forgery kinds), for the loss curves. */
    static double contrastiveLoss(DistanceSet set, double margin) {
        double sum = 0;
        for (double d : set.genuine()) {
            sum += d * d / 2;
        }
        for (double d : set.forgeries()) {
            double shortfall = Math.max(0, margin - d);
            sum += shortfall * shortfall / 2;
        }
        return sum / set.size();
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * rate);
    }
}
