package io.countersign.trainer.cli;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.InkLevel;
import io.countersign.core.preprocess.PreparedReference;
import io.countersign.datasets.SignatureDataset;
import io.countersign.trainer.data.CorePreprocessing;
import io.countersign.trainer.data.HeapBudget;
import io.countersign.trainer.data.ImageCache;
import io.countersign.trainer.data.ScanChannel;
import io.countersign.trainer.data.TensorViews;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.evaluation.ToneViews;
import io.countersign.trainer.inference.OnnxEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
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
        HeapBudget.require(data.samples().size(), card.inputHeight() * card.inputWidth());
        return ImageCache.load(
                data,
                CorePreprocessing.loader(card.preprocessing()),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The same, each image sent through a scan channel before preprocessing and its other
     * renderings kept in {@code views} ({@link #toneViews}).
     */
    List<WriterImages> images(SignatureDataset data, ScanChannel channel, TensorViews views)
            throws InterruptedException {
        System.err.println(data.summary());
        HeapBudget.require(data.samples().size(), card.inputHeight() * card.inputWidth());
        return ImageCache.load(
                data,
                CorePreprocessing.loader(card.preprocessing(), channel, views),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The views of images this directory loaded ({@link #images(SignatureDataset, ScanChannel,
     * TensorViews)}) and embedded: the other renderings (the bitonal views of the grey ones, and
     * the pen views where {@code tensors} made them) are embedded here in one run, and every
     * rendering's ink level measured (core's {@link InkLevel}); a bitonal image is its own bitonal
     * view.
     */
    ToneViews toneViews(List<float[]> images, float[][] embeddings, TensorViews tensors) {
        List<float[]> others = new ArrayList<>();
        for (float[] image : images) {
            PreparedReference r = tensors.of(image);
            if (!r.bitonalItself()) {
                others.add(r.bitonal());
            }
            if (r.broaderPen() != null) {
                others.add(r.broaderPen().asScanned());
                if (!r.broaderPen().bitonalItself()) {
                    others.add(r.broaderPen().bitonal());
                }
            }
        }
        Iterator<float[]> embedded = Arrays.asList(embed(others)).iterator();
        List<ToneViews.Rendering> renderings = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            PreparedReference r = tensors.of(images.get(i));
            float[] bitonal = r.bitonalItself() ? embeddings[i] : embedded.next();
            ToneViews.Rendering broader = null;
            if (r.broaderPen() != null) {
                float[] broadAsScanned = embedded.next();
                broader =
                        rendering(
                                r.broaderPen(),
                                broadAsScanned,
                                r.broaderPen().bitonalItself() ? broadAsScanned : embedded.next(),
                                null);
            }
            renderings.add(rendering(r, embeddings[i], bitonal, broader));
        }
        return ToneViews.of(renderings, tensors.broaderPen());
    }

    private static ToneViews.Rendering rendering(
            PreparedReference tensors,
            float[] asScanned,
            float[] bitonal,
            ToneViews.Rendering broaderPen) {
        return new ToneViews.Rendering(
                asScanned,
                bitonal,
                InkLevel.of(tensors.asScanned()),
                InkLevel.of(tensors.bitonal()),
                broaderPen);
    }

    /** Embeds preprocessed images, 16 to a run. */
    float[][] embed(List<float[]> images) {
        try (OnnxEmbeddings embedder =
                new OnnxEmbeddings(onnx(), card.inputHeight(), card.inputWidth())) {
            return embedder.embed(images, 16);
        }
    }
}
