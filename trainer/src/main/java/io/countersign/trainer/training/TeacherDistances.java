package io.countersign.trainer.training;

import io.countersign.core.model.ModelCard;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.trainer.data.WriterImages;
import io.countersign.trainer.export.EnsembleGraph;
import io.countersign.trainer.inference.OnnxEmbeddings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A teacher model's embeddings of the training images, looked up by image: the distances a student
 * is taught to reproduce ({@link io.countersign.trainer.loss.DistilledContrastiveLoss}). Each image
 * is embedded once, as cached (no augmentation): the teacher's view of the clean image is the
 * target for whatever the augmentation makes of it.
 */
public final class TeacherDistances {

    private static final int CHUNK = 256;

    private final Map<float[], float[]> embeddings;

    private TeacherDistances(Map<float[], float[]> embeddings) {
        this.embeddings = embeddings;
    }

    /**
     * Embeds every image of {@code writers} (preprocessed and standardised as {@code spec} says)
     * with the model in {@code teacherDir}, standardised again as its card asks.
     *
     * @throws IllegalArgumentException if the teacher reads another canvas or turns the ink
     *     otherwise
     */
    public static TeacherDistances embed(
            Path teacherDir, List<WriterImages> writers, PreprocessingSpec spec) {
        ModelCard card = ModelCard.read(teacherDir.resolve(ModelCard.FILE_NAME));
        PreprocessingSpec theirs = card.preprocessing();
        if (theirs.height() != spec.height()
                || theirs.width() != spec.width()
                || theirs.orientation() != spec.orientation()) {
            throw new IllegalArgumentException(
                    "--teacher "
                            + teacherDir
                            + " reads "
                            + theirs.height()
                            + "x"
                            + theirs.width()
                            + " canvases "
                            + theirs.orientation().id()
                            + ", the student "
                            + spec.height()
                            + "x"
                            + spec.width()
                            + " "
                            + spec.orientation().id()
                            + ": train with the teacher's --orientation");
        }
        List<float[]> images = new ArrayList<>();
        for (WriterImages w : writers) {
            images.addAll(w.genuine());
            images.addAll(w.forgeries());
        }
        // x was standardised with the student's mean and deviation; the teacher wants its own,
        // exactly as an ensemble re-standardises the input for a member trained on other
        // statistics.
        EnsembleGraph.InputAdapter adapter =
                EnsembleGraph.InputAdapter.between(
                        spec.mean(), spec.std(), theirs.mean(), theirs.std());
        Map<float[], float[]> byImage = new IdentityHashMap<>();
        try (OnnxEmbeddings teacher =
                new OnnxEmbeddings(teacherDir.resolve("model.onnx"), spec.height(), spec.width())) {
            // A chunk at a time: a re-standardised copy of every training image would double the
            // heap the image cache takes.
            for (int start = 0; start < images.size(); start += CHUNK) {
                List<float[]> chunk = images.subList(start, Math.min(images.size(), start + CHUNK));
                List<float[]> input = chunk.stream().map(adapter::apply).toList();
                float[][] embedded = teacher.embed(input, 32);
                for (int i = 0; i < chunk.size(); i++) {
                    byImage.put(chunk.get(i), embedded[i]);
                }
            }
        }
        return new TeacherDistances(byImage);
    }

    /** The teacher's Euclidean distance between two training images. */
    public float distance(float[] a, float[] b) {
        float[] x = embeddings.get(a);
        float[] y = embeddings.get(b);
        if (x == null || y == null) {
            throw new IllegalArgumentException("an image the teacher did not embed");
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        return (float) Math.sqrt(sum);
    }

    /** How many images the teacher embedded. */
    public int size() {
        return embeddings.size();
    }
}
