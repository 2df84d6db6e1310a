package io.countersign.trainer.training;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.CorePreprocessing;
import io.countersign.trainer.data.HeapBudget;
import io.countersign.trainer.data.ImageCache;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.data.WriterSplit;
import io.countersign.trainer.export.CardMapping;
import io.countersign.trainer.export.ModelPackager;
import io.countersign.trainer.model.SigNetVariant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole training run: preprocess the dataset once with core's preprocessing, split writers,
 * normalise with the training split's statistics, train, and write the model directory (ONNX, card,
 * report).
 */
public final class TrainingRun {

    private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

    private TrainingRun() {}

    /**
     * A fine-tune ({@code --init-from} a model directory, or a checkpoint directory with its card)
     * keeps the normalisation its starting weights were trained with: measured again on another
     * corpus, with other ink and paper, the inputs those weights see would shift.
     */
    private static Optional<PreprocessingSpec> startingNormalisation(TrainingConfig config) {
        if (config.initFrom() == null) {
            return Optional.empty();
        }
        Path card = config.initFrom().resolve(ModelCard.FILE_NAME);
        return Files.isRegularFile(card)
                ? Optional.of(ModelCard.read(card).preprocessing())
                : Optional.empty();
    }

    /** Runs training on the dataset; the model directory is {@code config.out()}. */
    public static TrainingResult run(
            TrainingConfig config, SignatureDataset dataset, PrintStream progress)
            throws IOException, InterruptedException {
        log.info("{}", dataset.summary());
        int h = SigNetVariant.HEIGHT;
        int w = SigNetVariant.WIDTH;
        WriterSplit split =
                WriterSplit.of(dataset, config.validationShare(), config.testShare(), config.seed())
                        .withTrainShare(config.trainWriterShare(), config.seed());
        // Only the writers the run reads are preprocessed and held at once: a share of the
        // training writers, or a run that skips its test writers, needs that much less heap.
        SignatureDataset read = dataset.ofWriters(split.read(config.measureTest()));
        HeapBudget.require(read.samples().size(), h * w);
        List<WriterImages> images =
                ImageCache.load(
                        read, CorePreprocessing.rawLoader(h, w, config.orientation()), threads());
        Optional<PreprocessingSpec> starting = startingNormalisation(config);
        // A fine-tune keeps its starting model's normalisation, and turns the ink as asked.
        PreprocessingSpec spec =
                starting.map(s -> s.withOrientation(config.orientation()))
                        .orElseGet(
                                () ->
                                        CorePreprocessing.measure(
                                                WriterSplit.select(images, split.train()),
                                                h,
                                                w,
                                                config.orientation()));
        CorePreprocessing.normalise(images, spec);
        log.info(
                "normalisation from {}: mean {} std {}",
                starting.isPresent() ? "the starting model's card" : "training writers",
                spec.mean(),
                spec.std());
        TrainingResult result = new SiameseTraining(config, progress).train(images, split, spec);
        Map<String, Object> training = new LinkedHashMap<>(config.describe());
        training.put("dataset", dataset.description());
        List<String> terms = DatasetSpec.terms(dataset.description());
        if (!terms.isEmpty()) {
            // Whoever deploys the model inherits these terms: the card says so where it travels.
            training.put("dataTerms", terms);
        }
        training.put("trainWriters", split.train().size());
        training.put("validationWriters", split.validation().size());
        training.put("testWriters", split.test().size());
        training.put("epochsRun", result.history().size());
        training.put("bestEpoch", result.bestEpoch());
        training.put("pairsPerSecond", Math.round(result.pairsPerSecond() * 10) / 10.0);
        training.put("device", config.device());
        // Protocol numbers lead: they are what the service's decisions will do.
        Map<String, Double> metrics = new LinkedHashMap<>(result.protocol().metrics());
        metrics.put("validation_eer", result.bestValidationEer());
        metrics.put("untrained_validation_eer", result.initialValidationEer());
        result.testMetrics().forEach((k, v) -> metrics.put("test_" + k, v));
        ModelCard card =
                CardMapping.card(
                        config.version(),
                        config.variant(),
                        spec,
                        result.protocol().fit(),
                        training,
                        metrics);
        Checkpoints checkpoints = new Checkpoints(config.checkpoints());
        ModelPackager.saveEvaluation(
                checkpoints,
                card,
                result.testDistances(),
                result.protocol().test() == null ? null : result.protocol().test().pooled());
        ModelPackager.write(checkpoints, config.out(), dataset.description());
        return result;
    }

    private static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
