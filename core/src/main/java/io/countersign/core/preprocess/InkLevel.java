package io.countersign.core.preprocess;

import java.util.List;

/**
 * How bright a preprocessed image's strokes are on its canvas, in log units: the mean height above
 * paper of the pixels above a tenth of the brightest (the statistic the trainer's {@code
 * signet-s-ink} network divides its input by). After a signature is fitted into the canvas a
 * broader pen shows mostly as brighter strokes rather than wider ones, a BHSig260 stroke being
 * under a canvas pixel wide (docs/benchmarks.md, "Pen width"), so this is what tells which pen view
 * of a customer's references a questioned image is nearest.
 */
public final class InkLevel {

    /** The level of a canvas without ink (never produced by preprocessing, which refuses one). */
    static final double NO_INK = Math.log(1e-6);

    private InkLevel() {}

    /** The log ink level of one preprocessed tensor (any normalisation: it cancels in ratios). */
    public static double of(float[] tensor) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : tensor) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double cut = 0.1 * (max - min);
        double sum = 0;
        int count = 0;
        for (float v : tensor) {
            double height = v - min;
            if (height > cut) {
                sum += height;
                count++;
            }
        }
        return count == 0 ? NO_INK : Math.log(Math.max(sum / count, 1e-6));
    }

    /** The mean log ink level of several tensors, e.g. a customer's references in one view. */
    public static double mean(List<float[]> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("the ink level of no images");
        }
        return tensors.stream().mapToDouble(InkLevel::of).average().orElseThrow();
    }
}
