package io.countersign.trainer.cli;

import ai.onnx.proto.OnnxMl;
import io.countersign.core.model.ModelCard;
import io.countersign.trainer.export.CardMapping;
import io.countersign.trainer.export.LrnExpansion;
import io.countersign.trainer.inference.OnnxEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code countersign optimize}: rewrites an exported model's graph the way {@code export} now
 * writes it (LRN as the faster operators of {@link LrnExpansion}), for models exported before that.
 * The weights, the card's rule and what the model computes stay: the command embeds sample images
 * with both graphs through ONNX Runtime and refuses to write unless they agree.
 */
@Command(
        name = "optimize",
        mixinStandardHelpOptions = true,
        description =
                "Rewrite an exported model.onnx into faster operators that compute the same"
                        + " embeddings (LRN expanded), in place; checked on sample images first.")
final class OptimizeCommand implements Callable<Integer> {

    /** The largest embedding difference, relative to the largest embedding value, accepted. */
    static final double TOLERANCE = 1e-4;

    private static final int SAMPLES = 8;

    @Option(
            names = "--model",
            required = true,
            description = "model directory (model.onnx + model-card.json), rewritten in place")
    Path model;

    @Override
    public Integer call() throws Exception {
        ModelDirectory directory = ModelDirectory.open(model);
        OnnxMl.ModelProto original =
                OnnxMl.ModelProto.parseFrom(Files.readAllBytes(directory.onnx()));
        if (!LrnExpansion.hasLrn(original)) {
            System.out.println(model + ": nothing to rewrite (no LRN in its graph)");
            return 0;
        }
        Path candidate = model.resolve("model.optimized.onnx");
        Files.write(candidate, LrnExpansion.expand(original).toByteArray());
        double difference;
        try {
            difference = relativeDifference(directory, candidate);
        } catch (RuntimeException e) {
            Files.deleteIfExists(candidate);
            throw e;
        }
        if (!(difference <= TOLERANCE)) {
            Files.deleteIfExists(candidate);
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "the rewritten graph's embeddings differ from the original's by %.3g"
                                    + " (relative), more than %.0e: %s left as it was",
                            difference,
                            TOLERANCE,
                            directory.onnx()));
        }
        Files.move(candidate, directory.onnx(), StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        note.put("rewrite", "LRN expanded into Mul, 1x1 Conv, Sqrt, Div (the same arithmetic)");
        note.put("command", "countersign optimize --model " + model);
        note.put("maxRelativeEmbeddingDifference", difference);
        CardMapping.withTrainingNote(directory.card(), "optimized", note)
                .write(model.resolve(ModelCard.FILE_NAME));
        System.out.printf(
                Locale.ROOT,
                "%s rewritten: embeddings within %.2g (relative) of the original graph's on %d"
                        + " sample images; card notes it under training.optimized%n",
                directory.onnx(),
                difference,
                SAMPLES);
        return 0;
    }

    /**
     * The largest difference between the two graphs' embeddings of seeded sample images (a sparse
     * scatter of ink, as preprocessed signatures are), over the largest embedding value.
     */
    private static double relativeDifference(ModelDirectory directory, Path candidate) {
        ModelCard card = directory.card();
        List<float[]> images = sampleImages(card.inputHeight(), card.inputWidth(), card);
        float[][] before;
        float[][] after;
        try (OnnxEmbeddings a =
                new OnnxEmbeddings(directory.onnx(), card.inputHeight(), card.inputWidth())) {
            before = a.embed(images, SAMPLES);
        }
        try (OnnxEmbeddings b =
                new OnnxEmbeddings(candidate, card.inputHeight(), card.inputWidth())) {
            after = b.embed(images, SAMPLES);
        }
        double largest = 0;
        double difference = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i].length != after[i].length) {
                return Double.POSITIVE_INFINITY;
            }
            for (int j = 0; j < before[i].length; j++) {
                largest = Math.max(largest, Math.abs(before[i][j]));
                difference = Math.max(difference, Math.abs(before[i][j] - after[i][j]));
            }
        }
        return difference / Math.max(largest, 1e-12);
    }

    private static List<float[]> sampleImages(int height, int width, ModelCard card) {
        Random random = new Random(17);
        float std = card.std() > 0 ? card.std() : 1f;
        float background = -card.mean() / std;
        float ink = (1 - card.mean()) / std;
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            float[] image = new float[height * width];
            for (int p = 0; p < image.length; p++) {
                image[p] =
                        random.nextFloat() < 0.06
                                ? background + (ink - background) * random.nextFloat()
                                : background;
            }
            images.add(image);
        }
        return images;
    }
}
