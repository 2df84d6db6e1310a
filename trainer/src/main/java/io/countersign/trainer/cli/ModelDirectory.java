package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.BitonalTensors;
import io.countersign.trainer.data.CorePreprocessing;
import io.countersign.trainer.data.ImageCache;
import io.countersign.trainer.data.ScanChannel;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.evaluation.ToneViews;
import io.countersign.trainer.inference.OnnxEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An exported model directory as {@code evaluate} and {@code calibrate} read it: its card, and its
 * ONNX model run through ONNX Runtime, the service's path.
 *
 * @param dir the directory
 * @param card its model card, validated
 */
record ModelDirectory(Path dir, ModelCard card) {

    /** Opens a directory, refusing one without model.onnx and model-card.json in one line. */
    static ModelDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(ModelCard.FILE_NAME))
                || !Files.isRegularFile(dir.resolve("model.onnx"))) {
            throw new IllegalArgumentException(
                    "no model in "
                            + dir
                            + ": expected model.onnx and model-card.json (see train --out)");
        }
        return new ModelDirectory(dir, ModelCard.read(dir.resolve(ModelCard.FILE_NAME)));
    }

    Path onnx() {
        return dir.resolve("model.onnx");
    }

    /**
     * The dataset's images, preprocessed as this model's card says (core's preprocessing, the
     * service's), on every core; the dataset's summary goes to stderr first.
     */
    List<WriterImages> images(SignatureDataset data) throws InterruptedException {
        System.err.println(data.summary());
        return ImageCache.load(
                data,
                CorePreprocessing.loader(card.preprocessing()),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The same, each image sent through a scan channel before preprocessing and its bitonal view
     * kept in {@code views} ({@link #toneViews}).
     */
    List<WriterImages> images(SignatureDataset data, ScanChannel channel, BitonalTensors views)
            throws InterruptedException {
        System.err.println(data.summary());
        return ImageCache.load(
                data,
                CorePreprocessing.loader(card.preprocessing(), channel, views),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The tone views of images this directory loaded ({@link #images(SignatureDataset, ScanChannel,
     * BitonalTensors)}) and embedded: the bitonal views of the grey ones are embedded here; a
     * bitonal image is its own view.
     */
    ToneViews toneViews(List<float[]> images, float[][] embeddings, BitonalTensors tensors) {
        List<float[]> greyViews = new ArrayList<>();
        for (float[] image : images) {
            float[] view = tensors.of(image);
            if (view != image) {
                greyViews.add(view);
            }
        }
        float[][] greyEmbeddings = embed(greyViews);
        float[][] bitonal = new float[images.size()][];
        int next = 0;
        for (int i = 0; i < images.size(); i++) {
            bitonal[i] =
                    tensors.of(images.get(i)) == images.get(i)
                            ? embeddings[i]
                            : greyEmbeddings[next++];
        }
        return ToneViews.of(embeddings, bitonal);
    }

    /** Embeds preprocessed images, 16 to a run. */
    float[][] embed(List<float[]> images) {
        try (OnnxEmbeddings embedder =
                new OnnxEmbeddings(onnx(), card.inputHeight(), card.inputWidth())) {
            return embedder.embed(images, 16);
        }
    }
}
