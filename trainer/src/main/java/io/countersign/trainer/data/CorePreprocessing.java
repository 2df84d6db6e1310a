package io.countersign.trainer.data;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.preprocess.Orientation;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.core.preprocess.SignaturePreprocessor;
import java.nio.file.Files;
import java.util.List;

/**
 * Core's preprocessing as the trainer uses it: images are preprocessed once with mean 0 and std 1
 * (ink intensity in [0, 1]), the training split's mean and standard deviation are measured, and
 * every cached image is normalised in place with them, as in Dey et al. 2017.
 */
public final class CorePreprocessing {

    private CorePreprocessing() {}

    /** A loader producing raw ink intensities at the given size, the ink turned as asked. */
    public static ImageLoader rawLoader(int height, int width, Orientation orientation) {
        SignaturePreprocessor preprocessor =
                new SignaturePreprocessor(
                        new PreprocessingSpec(height, width, 0f, 1f, orientation),
                        ImageLimits.DEFAULT);
        return sample -> preprocessor.preprocess(Files.readAllBytes(sample.path()), null);
    }

    /** A loader that applies a given spec (for evaluating a trained model). */
    public static ImageLoader loader(PreprocessingSpec spec) {
        SignaturePreprocessor preprocessor = new SignaturePreprocessor(spec, ImageLimits.DEFAULT);
        return sample -> preprocessor.preprocess(Files.readAllBytes(sample.path()), null);
    }

    /**
     * The same, each image sent through a scan channel first and its other renderings (bitonal
     * view, and pen view where {@code views} asks for one) kept in {@code views}: the loader hands
     * on the tensor as scanned.
     */
    public static ImageLoader loader(
            PreprocessingSpec spec, ScanChannel channel, TensorViews views) {
        SignaturePreprocessor preprocessor = new SignaturePreprocessor(spec, ImageLimits.DEFAULT);
        return sample ->
                views.add(
                        preprocessor.prepareReference(
                                channel.apply(Files.readAllBytes(sample.path())),
                                null,
                                views.broaderPen()));
    }

    /** The spec with mean and std measured over the given writers' images, turned so. */
    public static PreprocessingSpec measure(
            List<WriterImages> train, int height, int width, Orientation orientation) {
        double sum = 0;
        double squares = 0;
        long n = 0;
        for (WriterImages w : train) {
            for (List<float[]> images : List.of(w.genuine(), w.forgeries())) {
                for (float[] image : images) {
                    for (float v : image) {
                        sum += v;
                        squares += (double) v * v;
                    }
                    n += image.length;
                }
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(1e-12, squares / n - mean * mean));
        return new PreprocessingSpec(height, width, (float) mean, (float) std, orientation);
    }

    /** Normalises every cached raw image in place: (x - mean) / std. */
    public static void normalise(List<WriterImages> all, PreprocessingSpec spec) {
        for (WriterImages w : all) {
            for (List<float[]> images : List.of(w.genuine(), w.forgeries())) {
                for (float[] image : images) {
                    for (int i = 0; i < image.length; i++) {
                        image[i] = (image[i] - spec.mean()) / spec.std();
                    }
                }
            }
        }
    }
}
