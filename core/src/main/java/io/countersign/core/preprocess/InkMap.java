package io.countersign.core.preprocess;

import io.countersign.core.image.Histogram;
import io.countersign.core.image.ImageRejectedException;
import io.countersign.schemas.ErrorCode;
import java.util.Arrays;

/**
 * Separates ink from paper: darkness relative to the local paper colour (so gradients, grey and
 * coloured paper read as paper), printed rules erased ({@link PrintedRules}), an Otsu threshold on
 * that darkness (above a printed background's top where there is one, {@link #aboveBackground}),
 * and the ink's bounding box with stray specks trimmed.
 */
final class InkMap {

    /**
     * Below this darkness nothing is ink, whatever Otsu says (it always splits something). Low
     * enough for light-grey pencil on white paper (darkness 30-60); what keeps paper noise out is
     * the separation test below, not this floor.
     */
    private static final int MIN_INK_DARKNESS = 12;

    /** Ink this faint on average is a smudge or a scanner's shadow, not a signature. */
    private static final int MIN_MEAN_INK_DARKNESS = 24;

    /**
     * How far the ink's mean darkness must lie above the paper's, in standard deviations of the
     * paper's darkness. Real strokes, even faint ones, stand well clear of the paper grain (10+);
     * Otsu's split of a page of pure noise leaves its two halves about 3 apart, whatever the noise.
     */
    private static final double MIN_SEPARATION = 6;

    /** The paper's spread is taken as at least this, so clean white paper (spread 0) divides. */
    private static final double MIN_PAPER_SPREAD = 1.5;

    private static final int MIN_INK_PIXELS = 30;

    /**
     * The side of the blocks whose darkest pixels measure the page's background, in pixels: an
     * eighth of the page's shorter side, from {@link #MIN_BACKGROUND_BLOCK} to this, so that a
     * small, tightly cropped signature still leaves blocks of bare background between its strokes.
     */
    static final int BACKGROUND_BLOCK = 24;

    /** The smallest block: wider than a cheque tint's waves are apart at 150 dpi and up. */
    static final int MIN_BACKGROUND_BLOCK = 8;

    /** Fewer blocks than this and the page is too small to measure a background on. */
    static final int MIN_BACKGROUND_BLOCKS = 20;

    /**
     * Which of the blocks' darkest pixels is the background's top: a low quantile, so that a
     * signature crossing most blocks of a tight crop still leaves some blocks to measure.
     */
    static final double BACKGROUND_QUANTILE = 0.1;

    /**
     * How far above the background's top the ink's mean darkness must lie, in levels: grey
     * ballpoint on a cheque's tint lies 40-70 above it; the tint's own darkest dots, or grain, a
     * few.
     */
    static final int MIN_CLEARANCE = 30;

    /** Levels above the background's measured top still taken for background (its rounding). */
    static final int BACKGROUND_MARGIN = 4;

    /** Share of ink trimmed from each side of the bounding box, so a speck cannot stretch it. */
    private static final double TRIM = 0.002;

    final int width;
    final int height;

    /** Darkness per pixel, 0 = paper colour, 255 = black on that paper. */
    final byte[] darkness;

    /** Darkness at or below which a pixel is paper. */
    final int threshold;

    /** Darkness that maps to full ink intensity (the 90th percentile of the ink). */
    final int fullInk;

    /** Whether the ink was read above a printed background ({@link #aboveBackground}). */
    final boolean onPrintedBackground;

    /**
     * How far the ink's mean darkness lies above the page's background top, in levels: how clearly
     * this reading of the page tells ink from what is printed under it ({@link
     * SignaturePreprocessor} compares colour planes by it).
     */
    final double clearance;

    final int left;
    final int top;
    final int right;
    final int bottom;

    InkMap(byte[] luminance, int width, int height) {
        this.width = width;
        this.height = height;
        this.darkness = PaperBackground.darkness(luminance, width, height);
        int[] histogram = Histogram.of(darkness);
        // A printed rule is ink to Otsu as much as the signature is: erased, it is paper, and
        // the split, the full-ink level and the blank-page test see the signature alone.
        if (PrintedRules.erase(
                darkness, width, height, Math.max(MIN_INK_DARKNESS, Otsu.threshold(histogram)))) {
            histogram = Histogram.of(darkness);
        }
        int split = Math.max(MIN_INK_DARKNESS, Otsu.threshold(histogram));
        int background = backgroundLevel(darkness, width, height);
        this.onPrintedBackground = !(background < split && standsOut(histogram, split, 0));
        this.threshold =
                onPrintedBackground ? aboveBackground(histogram, split, background) : split;
        this.clearance = meanAbove(histogram, threshold) - background;
        this.fullInk = Math.max(threshold + 1, percentileAbove(histogram, threshold, 0.9));
        int[] rows = new int[height];
        int[] cols = new int[width];
        int total = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if ((darkness[y * width + x] & 0xff) > threshold) {
                    rows[y]++;
                    cols[x]++;
                    total++;
                }
            }
        }
        int trim = (int) (total * TRIM);
        this.top = firstBeyond(rows, trim, false);
        this.bottom = firstBeyond(rows, trim, true);
        this.left = firstBeyond(cols, trim, false);
        this.right = firstBeyond(cols, trim, true);
    }

    /**
     * The ink's bounding box as intensities in [0, 1], row-major: 0 for paper, and inside strokes
     * the grey levels kept or, with {@code solid}, every ink pixel at 1, as a bitonal scan of the
     * same page shows it. A table over the 256 darkness levels spares a division per pixel.
     */
    float[] croppedIntensities(boolean solid) {
        float[] byDarkness = new float[256];
        for (int d = threshold + 1; d < 256; d++) {
            byDarkness[d] = solid ? 1f : Math.min(1f, (float) d / fullInk);
        }
        int cw = cropWidth();
        int ch = cropHeight();
        float[] crop = new float[cw * ch];
        for (int y = 0; y < ch; y++) {
            int row = (top + y) * width + left;
            for (int x = 0; x < cw; x++) {
                crop[y * cw + x] = byDarkness[darkness[row + x] & 0xff];
            }
        }
        return crop;
    }

    /** Whether pixel (x, y) of the ink's bounding box is ink (where the bitonal view has it). */
    boolean inkInCrop(int x, int y) {
        return (darkness[(top + y) * width + left + x] & 0xff) > threshold;
    }

    int cropWidth() {
        return right - left + 1;
    }

    int cropHeight() {
        return bottom - top + 1;
    }

    /**
     * The darkness above which a pixel is ink where Otsu's split will not do. The split is the
     * threshold if the ink above it stands out from the paper below it ({@link #standsOut}) and it
     * lies above the page's background ({@link #backgroundLevel}); otherwise, this: above the
     * background's top, whatever stands {@link #MIN_CLEARANCE} clear of it. A printed background (a
     * cheque's security tint) as dark as the lighter pixels of grey ink defeats the first test both
     * ways: the split falls inside the print and takes it for ink, or just above it, where the
     * print's spread hides the signature. Every page of the corpora passes the first test and keeps
     * its split.
     */
    private static int aboveBackground(int[] histogram, int split, int background) {
        int aboveBackground = Math.max(split, background + BACKGROUND_MARGIN);
        if (clearOf(histogram, aboveBackground, background)) {
            return aboveBackground;
        }
        throw blank();
    }

    /**
     * The top of what covers the whole page: each square block's darkest pixel (blocks sized as
     * {@link #BACKGROUND_BLOCK} says; on every other row: a printed pattern's lines are thin across
     * the rows, not along them), and of those the {@link #BACKGROUND_QUANTILE} quantile, so that
     * blocks the signature crosses do not count: paper grain's top on plain paper, a printed
     * pattern's on a cheque.
     */
    static int backgroundLevel(byte[] darkness, int width, int height) {
        int block =
                Math.max(
                        MIN_BACKGROUND_BLOCK,
                        Math.min(BACKGROUND_BLOCK, Math.min(width, height) / 8));
        int bw = width / block;
        int bh = height / block;
        if (bw * bh < MIN_BACKGROUND_BLOCKS) {
            // Too few blocks to find one clear of a signature: no background is assumed.
            return 0;
        }
        int[] top = new int[bw * bh];
        for (int by = 0; by < bh; by++) {
            int lastRow = (by + 1) * block;
            for (int bx = 0; bx < bw; bx++) {
                int from = bx * block;
                int to = from + block;
                int most = 0;
                for (int y = by * block; y < lastRow; y += 2) {
                    int row = y * width;
                    for (int x = from; x < to; x++) {
                        most = Math.max(most, darkness[row + x] & 0xff);
                    }
                }
                top[by * bw + bx] = most;
            }
        }
        Arrays.sort(top);
        return top[(int) (BACKGROUND_QUANTILE * (top.length - 1))];
    }

    /** The mean darkness of the pixels darker than {@code threshold} (0 where there are none). */
    private static double meanAbove(int[] histogram, int threshold) {
        long count = 0;
        double sum = 0;
        for (int d = threshold + 1; d < 256; d++) {
            count += histogram[d];
            sum += (double) d * histogram[d];
        }
        return count == 0 ? 0 : sum / count;
    }

    /**
     * Whether the pixels darker than {@code threshold} are ink clear of a background whose top is
     * {@code background}: enough of them, and their mean {@link #MIN_CLEARANCE} above that top.
     */
    private static boolean clearOf(int[] histogram, int threshold, int background) {
        long ink = 0;
        double inkSum = 0;
        for (int d = threshold + 1; d < 256; d++) {
            ink += histogram[d];
            inkSum += (double) d * histogram[d];
        }
        return ink >= MIN_INK_PIXELS && inkSum / ink - background >= MIN_CLEARANCE;
    }

    /**
     * Whether the pixels darker than {@code threshold} are ink: enough of them, dark enough, and
     * their mean {@link #MIN_SEPARATION} spreads above the mean of the levels from {@code
     * paperFrom} to the threshold (the paper, or on a printed background the print).
     */
    private static boolean standsOut(int[] histogram, int threshold, int paperFrom) {
        long ink = 0;
        double inkSum = 0;
        long paper = 0;
        double paperSum = 0;
        double paperSquares = 0;
        for (int d = paperFrom; d < 256; d++) {
            if (d > threshold) {
                ink += histogram[d];
                inkSum += (double) d * histogram[d];
            } else {
                paper += histogram[d];
                paperSum += (double) d * histogram[d];
                paperSquares += (double) d * d * histogram[d];
            }
        }
        if (ink < MIN_INK_PIXELS || inkSum < (double) MIN_MEAN_INK_DARKNESS * ink) {
            return false;
        }
        double paperMean = paper == 0 ? 0 : paperSum / paper;
        double paperSpread =
                paper == 0
                        ? 0
                        : Math.sqrt(Math.max(0, paperSquares / paper - paperMean * paperMean));
        return inkSum / ink - paperMean >= MIN_SEPARATION * Math.max(MIN_PAPER_SPREAD, paperSpread);
    }

    private static ImageRejectedException blank() {
        return new ImageRejectedException(
                ErrorCode.INVALID_IMAGE,
                "no ink found: the image looks like a blank page (or only paper grain, noise or a"
                        + " printed background)");
    }

    private static int percentileAbove(int[] histogram, int threshold, double quantile) {
        long count = 0;
        for (int d = threshold + 1; d < 256; d++) {
            count += histogram[d];
        }
        long target = (long) Math.ceil(count * quantile);
        long seen = 0;
        for (int d = threshold + 1; d < 256; d++) {
            seen += histogram[d];
            if (seen >= target && seen > 0) {
                return d;
            }
        }
        return 255;
    }

    private static int firstBeyond(int[] counts, int trim, boolean fromEnd) {
        int seen = 0;
        for (int i = 0; i < counts.length; i++) {
            int index = fromEnd ? counts.length - 1 - i : i;
            seen += counts[index];
            if (seen > trim) {
                return index;
            }
        }
        return fromEnd ? counts.length - 1 : 0;
    }
}
