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
     * Share of pixels the two most common luminance levels must hold for an image to count as
     * bitonal. A 1-bit scan has exactly two levels; the slack lets a few stray pixels (an edited
     * margin, a stamp) pass. Grey scans of signatures hold 60-90 % at two levels (the paper's level
     * and one ink level), far below.
     */
    static final double BITONAL_SHARE = 0.995;

    /**
     * The tone of an image. Only images that are bitonal in their pixels count: a bitonal scan
     * re-encoded as JPEG has ringing around every stroke and reads as grey.
     */
    public static ImageTone of(GreyImage image) {
        long[] histogram = new long[256];
        for (byte p : image.pixels()) {
            histogram[p & 0xff]++;
        }
        long first = 0;
        long second = 0;
        for (long count : histogram) {
            if (count > first) {
                second = first;
                first = count;
            } else if (count > second) {
                second = count;
            }
        }
        return first + second >= BITONAL_SHARE * image.pixels().length ? BITONAL : GREY;
    }
}
