package io.countersign.core.image;

/**
 * Whether an image keeps the grey levels of the ink ({@link #GREY}: a greyscale or colour scan) or
 * has only black and white ({@link #BITONAL}: a 1-bit scan, as cheque image exchange sends, or a
 * scan thresholded on the way).
 *
 * <p>The networks read the ink's tone as part of a writer's hand: a customer enrolled from grey
 * scans and questioned with a bitonal image of the same signature is mostly rejected (Dutch
 * validation writers: skilled EER 43 %, FRR 67 %, against 13-18 % when both sides have the same
 * tone; docs/benchmarks.md, "Scans unlike the training corpora"). So the service compares like with
 * like: a bitonal questioned image against a bitonal view of the references.
 */
public enum ImageTone {
    GREY,
    BITONAL;

    /**
     * Share of pixels that must lie near two luminance levels for an image to count as bitonal. A
     * 1-bit scan has exactly two levels; the slack lets a few stray pixels (an edited margin, a
     * stamp) pass. Grey scans of signatures hold 60-90 % at two levels (the paper's level and one
     * ink level), far below.
     */
    static final double BITONAL_SHARE = 0.995;

    /**
     * How far from each of the two levels a pixel may lie and still count as that level: some
     * bitonal images come with their paper split over two adjacent levels (BHSig260 Hindi writer
     * 113: 255 and 254 on 7.5 % of the pixels), which is no grey.
     */
    static final int LEVEL_SLACK = 8;

    /** How far apart the two levels must be: paper and ink, not two shades of paper. */
    static final int MIN_LEVEL_DISTANCE = 64;

    /**
     * The tone of an image: bitonal where all but 0.5 % of the pixels lie within {@link
     * #LEVEL_SLACK} of two levels at least {@link #MIN_LEVEL_DISTANCE} apart (its most common
     * level, and the most common one far from it). Only images that are bitonal in their pixels
     * count: a bitonal scan re-encoded as JPEG has ringing around every stroke and reads as grey.
     */
    public static ImageTone of(GreyImage image) {
        int[] histogram = Histogram.of(image.pixels());
        int first = 0;
        for (int level = 1; level < 256; level++) {
            if (histogram[level] > histogram[first]) {
                first = level;
            }
        }
        int second = -1;
        for (int level = 0; level < 256; level++) {
            if (Math.abs(level - first) >= MIN_LEVEL_DISTANCE
                    && (second < 0 || histogram[level] > histogram[second])) {
                second = level;
            }
        }
        long near = 0;
        for (int level = 0; level < 256; level++) {
            if (Math.abs(level - first) <= LEVEL_SLACK
                    || (second >= 0 && Math.abs(level - second) <= LEVEL_SLACK)) {
                near += histogram[level];
            }
        }
        return near >= BITONAL_SHARE * image.pixels().length ? BITONAL : GREY;
    }
}
