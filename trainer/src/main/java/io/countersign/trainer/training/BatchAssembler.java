package io.countersign.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.countersign.trainer.data.Augmenter;
import io.countersign.trainer.data.PairKind;
import io.countersign.trainer.data.TrainingSample;
import io.countersign.trainer.data.WriterBatch;
import java.util.List;
import java.util.Random;

/**
 * Stacks training samples into the arrays the losses expect: for pairs (2B, 1, H, W) = [firsts;
 * seconds] with labels 1 = genuine pair, for triplets (3B, 1, H, W) = [anchors; positives;
 * negatives]. Augmentation, when on, applies to each image independently, except that the images of
 * one pair or triplet share one scanner where the augmenter says so.
 */
final class BatchAssembler {

    /** The images of a writer batch, or of every sample without a shared scanner. */
    private static final long NO_SCANNER = Long.MIN_VALUE;

    private final int height;
    private final int width;
    private final Augmenter augmenter;
    private final TeacherDistances teacher;

    BatchAssembler(int height, int width, Augmenter augmenterOrNull) {
        this(height, width, augmenterOrNull, null);
    }

    /**
     * With a teacher, a pair batch's labels are two arrays: the pair labels and the teacher's
     * distance between the two images as cached (before augmentation).
     */
    BatchAssembler(
            int height, int width, Augmenter augmenterOrNull, TeacherDistances teacherOrNull) {
        this.height = height;
        this.width = width;
        this.augmenter = augmenterOrNull;
        this.teacher = teacherOrNull;
    }

    /** The input array and label array for one batch. */
    NDList[] assemble(
            NDManager manager, List<TrainingSample> batch, boolean triplets, Random random) {
        int n = batch.size();
        int parts = triplets ? 3 : 2;
        int pixels = height * width;
        float[] flat = new float[parts * n * pixels];
        float[] labels = new float[n];
        float[] taught = teacher == null || triplets ? null : new float[n];
        for (int i = 0; i < n; i++) {
            TrainingSample s = batch.get(i);
            // Drawn only where used, so that runs without it draw what they always drew.
            long scanner =
                    augmenter != null && augmenter.scannerPerPair()
                            ? random.nextLong()
                            : NO_SCANNER;
            copy(s.anchor(), flat, i * pixels, random, scanner);
            if (triplets) {
                copy(s.positive(), flat, (n + i) * pixels, random, scanner);
                copy(s.other(), flat, (2 * n + i) * pixels, random, scanner);
            } else {
                copy(s.other(), flat, (n + i) * pixels, random, scanner);
            }
            labels[i] = s.kind() == PairKind.GENUINE ? 1f : 0f;
            if (taught != null) {
                taught[i] = teacher.distance(s.anchor(), s.other());
            }
        }
        NDArray input = manager.create(flat, new Shape(parts * n, 1, height, width));
        NDList targets =
                taught == null
                        ? new NDList(manager.create(labels))
                        : new NDList(manager.create(labels), manager.create(taught));
        return new NDList[] {new NDList(input), targets};
    }

    /**
     * The input array and the labels of a batch of writers: (writer, genuine) arrays for the
     * triplet losses, or the class array for writer classification.
     */
    NDList[] assemble(NDManager manager, WriterBatch batch, boolean classes, Random random) {
        int n = batch.images().size();
        int pixels = height * width;
        float[] flat = new float[n * pixels];
        float[] writers = new float[n];
        float[] genuine = new float[n];

        for (int i = 0; i < n; i++) {
            copy(batch.images().get(i), flat, i * pixels, random, NO_SCANNER);
            writers[i] = batch.writers()[i];
            genuine[i] = batch.genuine()[i] ? 1f : 0f;
        }
        NDArray input = manager.create(flat, new Shape(n, 1, height, width));
        NDList labels =
                classes
                        ? new NDList(manager.create(classesArray(batch)))
                        : new NDList(manager.create(writers), manager.create(genuine));
        return new NDList[] {new NDList(input), labels};
    }

    private static float[] classesArray(WriterBatch batch) {
        float[] classes = new float[batch.classes().length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = batch.classes()[i];
        }
        return classes;
    }

    /**
     * Copies one image, augmented; with a scanner seed other than {@link #NO_SCANNER} the ink's
     * tone and blur come from that seed, so the images of one sample share them.
     */
    private void copy(float[] image, float[] into, int offset, Random random, long scanner) {
        float[] source =
                augmenter == null
                        ? image
                        : scanner == NO_SCANNER
                                ? augmenter.augment(image, random)
                                : augmenter.augment(image, random, new Random(scanner));
        System.arraycopy(source, 0, into, offset, source.length);
    }
}
