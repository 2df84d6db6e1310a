package io.countersign.core.preprocess;

import io.countersign.core.image.GreyImage;

/**
 * A page stored as a negative: light strokes on dark paper, as microfilm archives keep cheques and
 * as many machine-learning corpora store signatures (ink 255, paper 0). Everything after decoding
 * looks for dark ink on light paper, so a negative would read as a blank page; it is turned back
 * into its positive first.
 *
 * <p>A negative is told from a dark positive by where its paper is and which way its marks go: its
 * border and most of its pixels are dark, and its marks stand brighter than that paper, not darker.
 * A positive scanned on a black scanner bed has a dark border but mostly light paper; an
 * underexposed positive is dark all over but its marks are darker still; a dark blank page has no
 * marks at all and stays a blank page.
 */
final class NegativeScan {

    /** Paper darker than this, on the border and over the page, may be a negative's. */
    static final int DARK_PAPER = 100;

    /** How far above the paper a mark must stand to count as a light stroke. */
    static final int MARK_CONTRAST = 64;

    /** The share of the page such marks must cover: a signature's, not a few bright specks. */
    static final double MARK_SHARE = 0.002;

    /** Every how many pixels, across and down, the page is sampled: ample for medians. */
    private static final int STRIDE = 3;

    private NegativeScan() {}

    /** The page as a positive: {@code page} itself unless it is a negative, else inverted. */
    static GreyImage positive(GreyImage page) {
        if (!isNegative(page)) {
            return page;
        }
        byte[] pixels = page.pixels();
        byte[] inverted = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            inverted[i] = (byte) (255 - (pixels[i] & 0xff));
        }
        return new GreyImage(inverted, page.width(), page.height());
    }

    /** Whether the page is light marks on dark paper (see the class comment). */
    static boolean isNegative(GreyImage page) {
        int w = page.width();
        int h = page.height();
        byte[] pixels = page.pixels();
        int[] border = new int[256];
        int[] all = new int[256];
        int margin = Math.max(1, Math.min(w, h) / 50);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            if (y < margin || y >= h - margin) {
                count(border, pixels, row, row + w);
            } else {
                count(border, pixels, row, row + Math.min(margin, w));
                count(border, pixels, row + Math.max(margin, w - margin), row + w);
            }
            if (y % STRIDE == 0) {
                for (int x = 0; x < w; x += STRIDE) {
                    all[pixels[row + x] & 0xff]++;
                }
            }
        }
        int paper = median(all);
        if (median(border) >= DARK_PAPER || paper >= DARK_PAPER) {
            return false;
        }
        long lighter = 0;
        long darker = 0;
        long total = 0;
        for (int level = 0; level < 256; level++) {
            total += all[level];
            if (level > paper + MARK_CONTRAST) {
                lighter += all[level];
            } else if (level < paper - MARK_CONTRAST) {
                darker += all[level];
            }
        }
        return lighter >= MARK_SHARE * total && lighter > 4 * darker;
    }

    private static void count(int[] counts, byte[] pixels, int from, int to) {
        for (int i = from; i < to; i++) {
            counts[pixels[i] & 0xff]++;
        }
    }

    private static int median(int[] counts) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long seen = 0;
        for (int level = 0; level < 256; level++) {
            seen += counts[level];
            if (2 * seen >= total) {
                return level;
            }
        }
        return 255;
    }
}
