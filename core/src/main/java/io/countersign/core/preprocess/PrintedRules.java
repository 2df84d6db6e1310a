package io.countersign.core.preprocess;

import java.util.Arrays;

/**
 * Finds the printed rules a signature is written on (the line of a cheque or a form, the top and
 * bottom of a signature box) and erases them from a darkness map, keeping the strokes that cross
 * them. Left in, a rule is ink to the ink separation: it stretches the ink's bounding box across
 * the image and squeezes the signature into a strip of the model's canvas (validation writers, a
 * line under every questioned signature and none under the references: 97 % of genuine signatures
 * rejected; docs/benchmarks.md, "Printed lines").
 *
 * <p>A rule is horizontal to within {@link #MAX_SLOPE} (a skewed scan), ink covers at least {@link
 * #MIN_COVER} of the image's width along one straight digital line of it, it is thin ({@link
 * #MAX_THICKNESS}), and it is straight to the pixel: the centres of its ink, where no stroke
 * crosses, stray from their fitted line by at most {@link #MAX_WOBBLE} pixels (root mean square).
 * Handwriting can be that long (a flourish across a tightly cropped signature, the headline of a
 * Devanagari word) but not that straight: such strokes in the corpora stray 1-3 pixels, the printed
 * rules 0.3-0.4 (docs/benchmarks.md). Vertical rules (the sides of a box) are not looked for: a
 * straight down-stroke as tall as a short image is as straight as a printed line over so few
 * pixels. A dotted rule covers too little.
 */
final class PrintedRules {

    /** Share of the image's width that ink must cover along one straight digital line. */
    static final double MIN_COVER = 0.75;

    /** The steepest rule taken as horizontal: about 2 degrees of skew. */
    static final double MAX_SLOPE = 0.035;

    /** How far a rule's centre may stray from a straight line, root mean square, in pixels. */
    static final double MAX_WOBBLE = 0.7;

    /**
     * The thickest rule, as a share of the image's height (at least {@link #MIN_THICK_LIMIT}
     * pixels): printed rules are thin (2-3 pixels in BHSig260's 300 dpi forms); a long, straight,
     * thick block is a bar, not a line to write on.
     */
    static final double MAX_THICKNESS = 0.04;

    /** The thickest rule in a short image, in pixels. */
    static final int MIN_THICK_LIMIT = 6;

    private static final double SLOPE_STEP = 0.0025;

    private static final int COLUMN_STEP = 4;

    private final byte[] darkness;
    private final int width;
    private final int height;
    private final int threshold;

    private PrintedRules(byte[] darkness, int width, int height, int threshold) {
        this.darkness = darkness;
        this.width = width;
        this.height = height;
        this.threshold = threshold;
    }

    /**
     * Erases the rules from {@code darkness} (row-major, {@code width * height}) in place: their
     * pixels become paper, except where a stroke crosses.
     *
     * @param threshold darkness at or below which a pixel is paper
     * @return whether any rule was found
     */
    static boolean erase(byte[] darkness, int width, int height, int threshold) {
        return new PrintedRules(darkness, width, height, threshold).eraseStraightRules();
    }

    /**
     * A Hough accumulator over a few slopes, one count of ink per straight digital line: a line
     * covered enough, with its neighbours as covered (the rule's thickness), is a candidate, and a
     * straight one is erased.
     */
    private boolean eraseStraightRules() {
        int slopes = (int) Math.round(MAX_SLOPE / SLOPE_STEP);
        int reach = (int) Math.ceil(MAX_SLOPE * width) + 1;
        int offsets = height + 2 * reach;
        // Every COLUMN_STEP-th column is counted: a rule covers them as it covers all, and the
        // search costs a quarter (the straightness is then measured on every column).
        int counted = (width + COLUMN_STEP - 1) / COLUMN_STEP;
        int[][] rises = new int[2 * slopes + 1][counted];
        for (int s = 0; s <= 2 * slopes; s++) {
            for (int c = 0; c < counted; c++) {
                rises[s][c] = rise(s - slopes, c * COLUMN_STEP);
            }
        }
        int[][] cover = new int[2 * slopes + 1][offsets];
        for (int y = 0; y < height; y++) {
            for (int c = 0; c < counted; c++) {
                if (ink(c * COLUMN_STEP, y)) {
                    for (int s = 0; s <= 2 * slopes; s++) {
                        cover[s][y - rises[s][c] + reach]++;
                    }
                }
            }
        }
        int needed = (int) Math.ceil(MIN_COVER * counted);
        int maxThickness = Math.max(MIN_THICK_LIMIT, (int) Math.round(MAX_THICKNESS * height));
        boolean[] taken = new boolean[offsets];
        boolean found = false;
        // Flattest first: of slopes that cover a rule equally, the level one is its own.
        for (int k = 0; k <= 2 * slopes; k++) {
            int s = slopes + (k % 2 == 0 ? k / 2 : -(k + 1) / 2);
            for (int b = 0; b < offsets; b++) {
                if (cover[s][b] < needed || taken[b] || !bestSlope(cover, s, b)) {
                    continue;
                }
                int first = b;
                int last = b;
                while (first > 0 && cover[s][first - 1] >= needed) {
                    first--;
                }
                while (last < offsets - 1 && cover[s][last + 1] >= needed) {
                    last++;
                }
                for (int t = first; t <= last; t++) {
                    taken[t] = true;
                }
                Band band = new Band(s - slopes, first - reach, last - reach);
                if (last - first + 1 <= maxThickness && wobble(band) <= MAX_WOBBLE) {
                    eraseBand(band);
                    found = true;
                }
            }
        }
        return found;
    }

    /** Whether no other slope covers more along the same offset or a neighbouring one. */
    private static boolean bestSlope(int[][] cover, int s, int b) {
        for (int[] bySlope : cover) {
            for (int n = Math.max(0, b - 1); n <= Math.min(bySlope.length - 1, b + 1); n++) {
                if (bySlope[n] > cover[s][b]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The digital lines from offset {@code first} to {@code last} (the row each starts in) at slope
     * step {@code s}: a candidate rule as thick as the band.
     */
    private record Band(int s, int first, int last) {

        int top(int x) {
            return first + rise(s, x);
        }

        int bottom(int x) {
            return last + rise(s, x);
        }
    }

    /**
     * How far the band's ink centres stray from their least-squares line, root mean square: at each
     * column, the centre of the vertical ink run through the band's middle, skipped where the run
     * is much thicker than the median (a stroke crosses there) or there is no ink.
     */
    private double wobble(Band band) {
        double[] centres = new double[width];
        int[] thickness = new int[width];
        int[] columns = new int[width];
        int n = 0;
        for (int x = 0; x < width; x++) {
            int middle = (band.top(x) + band.bottom(x)) / 2;
            if (middle < 0 || middle >= height || !ink(x, middle)) {
                continue;
            }
            int low = runTop(x, middle);
            int high = runBottom(x, middle);
            columns[n] = x;
            centres[n] = (low + high) / 2.0;
            thickness[n] = high - low + 1;
            n++;
        }
        if (n < 2) {
            return Double.POSITIVE_INFINITY;
        }
        int[] sorted = Arrays.copyOf(thickness, n);
        Arrays.sort(sorted);
        double crossing = 1.5 * sorted[n / 2] + 1;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (thickness[i] <= crossing) {
                sx += columns[i];
                sy += centres[i];
                sxx += (double) columns[i] * columns[i];
                sxy += columns[i] * centres[i];
                used++;
            }
        }
        double denominator = used * sxx - sx * sx;
        if (used < 2 || denominator == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double slope = (used * sxy - sx * sy) / denominator;
        double intercept = (sy - slope * sx) / used;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            if (thickness[i] <= crossing) {
                double error = centres[i] - (intercept + slope * columns[i]);
                squares += error * error;
            }
        }
        return Math.sqrt(squares / used);
    }

    /**
     * Erases the rule column by column: the run of ink through the band (one pixel wider on each
     * side, for a rule's blurred edges and a slope only approximated), unless that run is thicker
     * than the rule by more than its edges, where a stroke crosses it and is kept.
     */
    private void eraseBand(Band band) {
        int thickness = band.last() - band.first() + 1;
        for (int x = 0; x < width; x++) {
            int top = Math.max(0, band.top(x) - 1);
            int bottom = Math.min(height - 1, band.bottom(x) + 1);
            int y = top;
            while (y <= bottom) {
                if (!ink(x, y)) {
                    y++;
                    continue;
                }
                int low = runTop(x, y);
                int high = runBottom(x, y);
                if (high - low + 1 <= thickness + 2) {
                    for (int r = low; r <= high; r++) {
                        darkness[r * width + x] = 0;
                    }
                }
                y = high + 1;
            }
        }
    }

    /** The top row of the vertical run of ink through (x, y). */
    private int runTop(int x, int y) {
        int top = y;
        while (top > 0 && ink(x, top - 1)) {
            top--;
        }
        return top;
    }

    /** The bottom row of the vertical run of ink through (x, y). */
    private int runBottom(int x, int y) {
        int bottom = y;
        while (bottom < height - 1 && ink(x, bottom + 1)) {
            bottom++;
        }
        return bottom;
    }

    private boolean ink(int x, int y) {
        return (darkness[y * width + x] & 0xff) > threshold;
    }

    /** How far a line of slope step {@code s} has risen after {@code x} pixels. */
    private static int rise(int s, int x) {
        return (int) Math.round(s * SLOPE_STEP * x);
    }
}
