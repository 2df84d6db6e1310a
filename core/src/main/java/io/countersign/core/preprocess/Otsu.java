package io.countersign.core.preprocess;

import io.countersign.core.image.Histogram;

/**
 * Otsu's threshold over an 8-bit histogram: the split into two classes with the most between-class
 * variance. Core's ink separation splits darkness with it; the trainer's scan channel makes bitonal
 * images with it, as a scanner that sets its level from the page does.
 */
public final class Otsu {

    private Otsu() {}

    /**
     * The last level of the lower class, or -1 when the histogram holds a single level (nothing to
     * split).
     *
     * @param histogram 256 counts, one per level
     */
    public static int threshold(int[] histogram) {
        long total = 0;
        double sumAll = 0;
        for (int i = 0; i < 256; i++) {
            total += histogram[i];
            sumAll += (double) i * histogram[i];
        }
        long lower = 0;
        double sumLower = 0;
        double best = -1;
        int threshold = -1;
        for (int t = 0; t < 256; t++) {
            lower += histogram[t];
            if (lower == 0) {
                continue;
            }
            long upper = total - lower;
            if (upper == 0) {
                break;
            }
            sumLower += (double) t * histogram[t];
            double meanLower = sumLower / lower;
            double meanUpper = (sumAll - sumLower) / upper;
            double diff = meanLower - meanUpper;
            double between = (double) lower * upper * diff * diff;
            if (between > best) {
                best = between;
                threshold = t;
            }
        }
        return threshold;
    }

    /**
     * The first luminance of paper for an image's 8-bit pixels: pixels darker than it are ink (the
     * level after Otsu's lower class); 128 for an image of a single level.
     */
    public static int firstPaperLevel(byte[] pixels) {
        int lastOfLower = threshold(Histogram.of(pixels));
        return lastOfLower < 0 ? 128 : lastOfLower + 1;
    }
}
