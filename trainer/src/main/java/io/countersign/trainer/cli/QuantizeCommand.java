package io.countersign.trainer.cli;

import ai.onnx.proto.OnnxMl;
import io.countersign.core.model.ModelCard;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.export.CardMapping;
import io.countersign.trainer.export.Int8Quantization;
import io.countersign.trainer.export.LrnExpansion;
import io.countersign.trainer.inference.ActivationRanges;
import io.countersign.trainer.inference.OnnxEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code countersign quantize}: writes a model's convolutions as int8 ({@link Int8Quantization}),
 * with activation ranges measured on its own training writers' images, checks that the int8 graph
 * embeds other training images close to the float one, and fits the new model's scoring rule on the
 * validation writers as {@code calibrate} does: int8 moves the embeddings a little, so the float
 * model's threshold and calibration are not taken on trust.
 */
@Command(
        name = "quantize",
        mixinStandardHelpOptions = true,
        description =
                "Write a model with int8 convolutions (several times faster on CPU), calibrated on"
                        + " its training writers' images, and fit its scoring rule on the"
                        + " validation writers.")
final class QuantizeCommand implements Callable<Integer> {

    /**
     * The largest mean embedding difference accepted, relative to the embeddings' size: int8
     * convolutions moved SigNet-S's by ≈ 0.3 %; a graph that moves them by more is not this model.
     */
    static final double TOLERANCE = 0.05;

    /** Other training images the int8 embeddings are checked on: this many, at least the next. */
    private static final int CHECK_IMAGES = 64;

    private static final int MIN_CHECK_IMAGES = 8;

    @Option(names = "--model", required = true, description = "the float model directory")
    Path model;

    @Option(
            names = "--dataset",
            required = true,
            description = "the dataset(s) the model was trained on, in the order it had them")
    List<String> dataset;

    @Option(
            names = "--model-version",
            required = true,
            description = "version string of the int8 model (its references are re-embedded)")
    String version;

    @Option(
            names = "--images",
            defaultValue = "256",
            description = "training images whose activations set the int8 ranges (default 256)")
    int images;

    @Option(
            names = "--calibration-writers",
            defaultValue = "40",
            description = "training writers those images are drawn from (default 40)")
    int writers;

    @Mixin ScoringFitOptions scoringFit = new ScoringFitOptions();

    @Option(names = "--out", required = true, description = "model directory to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (images < 1) {
            throw new IllegalArgumentException("--images must be 1 or more");
        }
        if (out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(
                    "--out is --model: write the int8 model to a directory of its own (the float"
                            + " one is read again to check it)");
        }
        ModelDirectory source = ModelDirectory.open(model);
        ModelCard card = source.card();
        OnnxMl.ModelProto graph =
                LrnExpansion.expand(OnnxMl.ModelProto.parseFrom(Files.readAllBytes(source.onnx())));
        if (Int8Quantization.convolutions(graph).isEmpty()) {
            throw new IllegalArgumentException(
                    source.onnx()
                            + " has no float convolution to quantise (is it int8 already? quantise"
                            + " the float model it came from)");
        }

        List<float[]> sample = trainingImages(source, images + CHECK_IMAGES);
        if (sample.size() < images + MIN_CHECK_IMAGES) {
            throw new IllegalArgumentException(
                    "the training writers drawn hold "
                            + sample.size()
                            + " images, fewer than --images "
                            + images
                            + " and "
                            + MIN_CHECK_IMAGES
                            + " to check with: lower --images or raise --calibration-writers");
        }
        List<float[]> calibration = sample.subList(0, images);
        List<float[]> check = sample.subList(images, sample.size());
        List<String> tensors = Int8Quantization.calibratedTensors(graph);
        Map<String, Int8Quantization.Range> ranges =
                ActivationRanges.measure(
                        graph, tensors, calibration, card.inputHeight(), card.inputWidth(), 16);
        OnnxMl.ModelProto quantized = Int8Quantization.quantize(graph, ranges);

        Files.createDirectories(out);
        Path onnx = out.resolve("model.onnx");
        Files.write(onnx, quantized.toByteArray());
        Agreement agreement = Agreement.of(source.embed(check), embed(onnx, card, check));
        System.out.printf(
                Locale.ROOT,
                "%d convolutions in int8; on %d other training images the embeddings moved by"
                        + " %.2f %% (mean, %.2f %% at most) and their distances by %.2f %%%n",
                Int8Quantization.convolutions(graph).size(),
                check.size(),
                100 * agreement.meanEmbedding(),
                100 * agreement.maxEmbedding(),
                100 * agreement.meanDistance());
        if (!(agreement.meanEmbedding() <= TOLERANCE)) {
            Files.deleteIfExists(onnx);
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "the int8 graph's embeddings differ from the float graph's by %.1f %%"
                                    + " on average, more than %.0f %%: nothing written (more"
                                    + " --images may give better ranges)",
                            100 * agreement.meanEmbedding(),
                            100 * TOLERANCE));
        }

        ModelCard provisional =
                CardMapping.withTrainingNote(
                        card, version, "quantized", note(card, graph, agreement));
        provisional.write(out.resolve(ModelCard.FILE_NAME));
        ProtocolFit fit =
                CalibrateCommand.fitOnValidation(
                        ModelDirectory.open(out),
                        dataset,
                        scoringFit,
                        new PenViewOption().orCard(card));
        CardMapping.withFit(provisional, fit).write(out.resolve(ModelCard.FILE_NAME));
        EnsembleCommand.plots(fit, out);
        Files.writeString(
                out.resolve("report.md"),
                report(card, Int8Quantization.convolutions(graph).size(), agreement, fit));
        System.out.printf(Locale.ROOT, "int8 model written to %s%n", out);
        return 0;
    }

    /**
     * {@code count} images of the model's training writers (its card's split), genuine and forged,
     * drawn from at most {@code --calibration-writers} of them with the card's seed.
     */
    private List<float[]> trainingImages(ModelDirectory source, int count)
            throws InterruptedException {
        long seed = (long) EvaluationData.number(source.card().training(), "seed", 42);
        SignatureDataset train =
                EvaluationData.atMost(
                        EvaluationData.select(dataset, "", "train", source.card()), writers, seed);
        List<float[]> all = new ArrayList<>();
        for (WriterImages writer : source.images(train)) {
            all.addAll(writer.genuine());
            all.addAll(writer.forgeries());
        }
        Collections.shuffle(all, new Random(seed));
        return all.subList(0, Math.min(count, all.size()));
    }

    private static float[][] embed(Path onnx, ModelCard card, List<float[]> images) {
        try (OnnxEmbeddings embedder =
                new OnnxEmbeddings(onnx, card.inputHeight(), card.inputWidth())) {
            return embedder.embed(images, 16);
        }
    }

    private Map<String, Object> note(
            ModelCard source, OnnxMl.ModelProto graph, Agreement agreement) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        note.put("from", source.version());
        note.put("convolutions", Int8Quantization.convolutions(graph).size());
        note.put(
                "weights",
                "int8 per output channel, 7 bits (±"
                        + Int8Quantization.WEIGHT_LIMIT
                        + "): no saturation in u8s8 kernels on CPUs without VNNI");
        note.put("activations", "uint8 per tensor, min-max over " + images + " training images");
        note.put("meanEmbeddingDifference", agreement.meanEmbedding());
        note.put("meanDistanceDifference", agreement.meanDistance());
        note.put("command", command());
        return note;
    }

    private String command() {
        return "countersign quantize --model "
                + model
                + dataset.stream().map(d -> " --dataset " + d).collect(Collectors.joining())
                + " --model-version "
                + version
                + " --images "
                + images
                + " --calibration-writers "
                + writers
                + scoringFit.asArguments()
                + " --out "
                + out;
    }

    private String report(ModelCard card, int convolutions, Agreement agreement, ProtocolFit fit) {
        return "# "
                + version
                + "\n\n"
                + String.format(
                        Locale.ROOT,
                        "`%s` with its %d convolutions in int8 (QDQ form, which ONNX Runtime's CPU"
                                + " provider runs as QLinearConv): weights per output channel in 7"
                                + " bits, activations uint8 over the ranges of %d training images."
                                + " On %d other training images the embeddings moved by %.2f %%"
                                + " (mean) and the distances between them by %.2f %%.%n%n",
                        card.version(),
                        convolutions,
                        images,
                        agreement.images(),
                        100 * agreement.meanEmbedding(),
                        100 * agreement.meanDistance())
                + "Scoring rule fitted again on the validation writers (service protocol):\n\n"
                + CalibrateCommand.describeFit(fit)
                + "\n\n![ROC under the service protocol](report/protocol-roc.png)\n\n"
                + "![DET under the service protocol](report/protocol-det.png)\n\n"
                + "![Scores under the service protocol](report/protocol-scores.png)\n\n"
                + "Rebuilt with `"
                + command()
                + "`; measure the test writers once with `countersign evaluate --model "
                + out
                + " --split test`.\n";
    }

    /**
     * How far the int8 graph's embeddings are from the float graph's: each embedding's distance
     * from its float twin over the float one's length, and each pair's distance change over the
     * float distance, averaged over the checked images and their consecutive pairs.
     */
    record Agreement(int images, double meanEmbedding, double maxEmbedding, double meanDistance) {

        static Agreement of(float[][] before, float[][] after) {
            double sum = 0;
            double max = 0;
            double distanceChange = 0;
            double distances = 0;
            for (int i = 0; i < before.length; i++) {
                double relative = distance(before[i], after[i]) / norm(before[i]);
                sum += relative;
                max = Math.max(max, relative);
                if (i > 0) {
                    double d = distance(before[i - 1], before[i]);
                    distanceChange += Math.abs(distance(after[i - 1], after[i]) - d);
                    distances += d;
                }
            }
            return new Agreement(
                    before.length, sum / before.length, max, distanceChange / distances);
        }

        private static double distance(float[] a, float[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += (a[i] - b[i]) * (double) (a[i] - b[i]);
            }
            return Math.sqrt(s);
        }

        private static double norm(float[] a) {
            return distance(a, new float[a.length]);
        }
    }
}
