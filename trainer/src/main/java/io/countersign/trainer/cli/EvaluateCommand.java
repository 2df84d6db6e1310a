package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.CorePreprocessing;
import io.countersign.trainer.data.EvaluationPairs;
import io.countersign.trainer.data.ImageCache;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.ErrorRates;
import io.countersign.trainer.evaluation.VerificationMetrics;
import io.countersign.trainer.export.CardMapping;
import io.countersign.trainer.inference.OnnxEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code countersign evaluate}: measures a model directory (card + ONNX) on any dataset through
 * ONNX Runtime and core's preprocessing, the same path the service takes.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate a model directory on a dataset through ONNX Runtime and print a table.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            description = "model directory (model.onnx + model-card.json)")
    Path model;

    @Option(
            names = "--dataset",
            required = true,
            description = "synthetic[:...] | sign_data:DIR | cedar:DIR | folders:DIR")
    String dataset;

    @Option(
            names = "--partition",
            defaultValue = "",
            description = "only this predefined partition, e.g. test (default: all)")
    String partition;

    @Option(
            names = "--pairs-per-writer",
            defaultValue = "40",
            description = "pairs of each kind per writer (default: ${DEFAULT-VALUE})")
    int pairsPerWriter;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "seed of the pair draw (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path cardFile = model.resolve("model-card.json");
        Path onnx = model.resolve("model.onnx");
        if (!Files.isRegularFile(cardFile) || !Files.isRegularFile(onnx)) {
            throw new IllegalArgumentException(
                    "no model in "
                            + model
                            + ": expected model.onnx and model-card.json (see train --out)");
        }
        ModelCard card = ModelCard.read(cardFile);
        SignatureDataset data = DatasetSpec.load(dataset);
        if (!partition.isEmpty()) {
            if (!data.partitions().contains(partition)) {
                throw new IllegalArgumentException(
                        "dataset has no partition '"
                                + partition
                                + "'; it has "
                                + data.partitions());
            }
            data = data.partition(partition);
        }
        System.err.println(data.summary());
        List<WriterImages> images =
                ImageCache.load(
                        data,
                        CorePreprocessing.loader(card.preprocessing()),
                        Runtime.getRuntime().availableProcessors());
        EvaluationPairs pairs = new EvaluationPairs(images, pairsPerWriter, seed);
        long start = System.nanoTime();
        float[][] embeddings;
        try (OnnxEmbeddings embedder =
                new OnnxEmbeddings(onnx, card.inputHeight(), card.inputWidth())) {
            embeddings = embedder.embed(pairs.images(), 16);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        DistanceSet distances = pairs.distances(embeddings);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("threshold (card)", card.thresholds().eer());
        metrics.putAll(VerificationMetrics.measure(distances, CardMapping.operatingPoint(card)));
        System.out.println(Tables.metrics(card.version() + " on " + data.description(), metrics));
        System.out.printf(
                Locale.ROOT,
                "%d images embedded in %.1f s (%.1f images/s) with ONNX Runtime%n",
                pairs.images().size(),
                seconds,
                pairs.images().size() / seconds);
        if (distances.genuine().length > 0 && distances.thresholdForgeries().length > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "EER threshold on this data: %.4f%n",
                    ErrorRates.eer(distances.genuine(), distances.thresholdForgeries())
                            .threshold());
        }
        return 0;
    }
}
