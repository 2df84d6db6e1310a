package io.countersign.core.preprocess;

import io.countersign.core.image.GreyImage;
import java.util.List;

/**
 * A stamp pressed over a signature, taken out by its colour. Red and magenta stamp-pad inks absorb
 * several times more green light than red, which no blue, black or grey pen does; where enough of a
 * colour page's marks are of that kind, they are a stamp's. Each pixel's optical density (per
 * plane, relative to the paper's) is split between the stamp's colour and the pen's, both measured
 * on the page as the mean direction of its marks of each kind (colour deconvolution with two
 * stains, Ruifrok and Johnston, 2001), and where the stamp has a share the pixel is rendered again
 * with the pen's share alone, in the pen's own colour, as luminance: what a scan without the stamp
 * would read. Pixels the stamp does not touch keep their luminance exactly. A stamp of a pen's
 * colour cannot be told from the pen this way and is left: blue, and violet too, whose ratio of
 * green to red density (about 2) the violet-black ink of many of the Dutch set's forgers shares.
 */
final class StampRemoval {

    /** A mark: a pixel whose density, summed over the three planes, is above this. */
    static final double MARK = 0.45;

    /**
     * A stamp's colour: green density at least this many times the red (a red stamp's is about 10;
     * violet-black pens reach 2), and at least {@link #STAMP_GREEN}: a stamp is pressed hard.
     */
    static final double GREEN_OVER_RED = 3.0;

    static final double STAMP_GREEN = 0.6;

    /** A pen's colour: green density at most this many times the red (blue, black, grey). */
    static final double PEN_GREEN_OVER_RED = 1.1;

    /** Stamp-coloured marks that make a stamp: at least this share of all marks, and this many. */
    static final double STAMP_SHARE = 0.15;

    static final int STAMP_PIXELS = 150;

    /** Pen and stamp colours closer than this (1 - cosine squared) cannot be split. */
    static final double MIN_SEPARATION = 0.1;

    /** A stamp's density share below this is the scanner's colour noise: the pixel is kept. */
    static final double STAMP_NOISE = 0.08;

    /** A page of stamp alone (or of a pen too faint to measure) is split against grey ink. */
    private static final double[] GREY = unit(new double[] {1, 1, 1});

    private StampRemoval() {}

    /**
     * The page with its stamp taken out, as luminance; null where it shows no stamp (or one whose
     * colour is too near the pen's to split).
     *
     * @param planes the page's red, green and blue planes
     * @param luminance the page's luminance as it was read, kept wherever the stamp is absent
     */
    static GreyImage of(List<GreyImage> planes, GreyImage luminance) {
        Planes page = Planes.of(planes);
        int n = luminance.pixels().length;
        double[] stamp = new double[3];
        double[] pen = new double[3];
        int marks = 0;
        int stampMarks = 0;
        int penMarks = 0;
        double[] d = new double[3];
        for (int i = 0; i < n; i++) {
            page.densities(i, d);
            double total = d[0] + d[1] + d[2];
            if (total <= MARK) {
                continue;
            }
            marks++;
            if (d[1] >= GREEN_OVER_RED * d[0] && d[1] >= STAMP_GREEN) {
                stampMarks++;
                addDirection(stamp, d, total);
            } else if (d[1] <= PEN_GREEN_OVER_RED * d[0]) {
                penMarks++;
                addDirection(pen, d, total);
            }
        }
        if (stampMarks < STAMP_PIXELS || stampMarks < STAMP_SHARE * marks) {
            return null;
        }
        double[] p = penMarks >= STAMP_PIXELS ? unit(pen) : GREY;
        return split(page, unit(stamp), p, luminance, null);
    }

    /**
     * The page with the round stamp of the first of {@code rings} that splits taken out, as
     * luminance; null where every ring's colour is too near the pen's to split (a blue stamp over a
     * blue pen, or a ring that is the pen's own flourish). The stamp's colour is its ring's (only
     * the stamp's ink lies there, but where the pen crosses it), the pen's that of the marks
     * outside the stamp; only pixels inside the stamp are rendered again.
     */
    static GreyImage of(List<GreyImage> planes, GreyImage luminance, List<StampRing> rings) {
        Planes page = Planes.of(planes);
        for (StampRing ring : rings) {
            GreyImage unstamped = of(page, luminance, ring);
            if (unstamped != null) {
                return unstamped;
            }
        }
        return null;
    }

    private static GreyImage of(Planes page, GreyImage luminance, StampRing ring) {
        int width = luminance.width();
        double[] stamp = new double[3];
        double[] pen = new double[3];
        int stampMarks = 0;
        int penMarks = 0;
        double[] d = new double[3];
        for (int i = 0; i < luminance.pixels().length; i++) {
            page.densities(i, d);
            double total = d[0] + d[1] + d[2];
            if (total <= MARK) {
                continue;
            }
            int x = i % width;
            int y = i / width;
            if (ring.onRing(x, y)) {
                stampMarks++;
                addDirection(stamp, d, total);
            } else if (!ring.covers(x, y)) {
                penMarks++;
                addDirection(pen, d, total);
            }
        }
        if (stampMarks < STAMP_PIXELS) {
            return null;
        }
        double[] p = penMarks >= STAMP_PIXELS ? unit(pen) : GREY;
        return split(page, unit(stamp), p, luminance, ring);
    }

    /**
     * Each pixel (inside {@code ring}, or every one where it is null) rendered again with the pen's
     * share of its density alone, where the stamp has a share; null where the stamp's colour {@code
     * s} and the pen's {@code p} are too near to split.
     */
    private static GreyImage split(
            Planes page, double[] s, double[] p, GreyImage luminance, StampRing ring) {
        double cosine = s[0] * p[0] + s[1] * p[1] + s[2] * p[2];
        double determinant = 1 - cosine * cosine;
        if (determinant < MIN_SEPARATION) {
            return null;
        }
        int width = luminance.width();
        byte[] out = luminance.pixels().clone();
        double[] d = new double[3];
        for (int i = 0; i < out.length; i++) {
            if (ring != null && !ring.covers(i % width, i / width)) {
                continue;
            }
            page.densities(i, d);
            double alongPen = d[0] * p[0] + d[1] * p[1] + d[2] * p[2];
            double alongStamp = d[0] * s[0] + d[1] * s[1] + d[2] * s[2];
            // Least squares of d = a p + b s with a, b >= 0.
            double a = (alongPen - cosine * alongStamp) / determinant;
            double b = (alongStamp - cosine * alongPen) / determinant;
            if (b < 0) {
                continue; // no stamp here (a = alongPen would render the pixel as it is)
            }
            if (a < 0) {
                a = 0;
            }
            if (b <= STAMP_NOISE) {
                continue;
            }
            // The pen alone, per plane, as luminance the way core reads a colour page (Luminance:
            // 0.30 R + 0.59 G + 0.11 B).
            long red = Math.round(page.paper[0] * Math.exp(-a * p[0]));
            long green = Math.round(page.paper[1] * Math.exp(-a * p[1]));
            long blue = Math.round(page.paper[2] * Math.exp(-a * p[2]));
            out[i] = (byte) ((77 * red + 150 * green + 29 * blue) >> 8);
        }
        return new GreyImage(out, luminance.width(), luminance.height());
    }

    /** A colour page's planes, each plane's paper level, and each level's density on it. */
    private record Planes(byte[][] pixels, int[] paper, double[][] density) {

        static Planes of(List<GreyImage> planes) {
            byte[][] pixels = new byte[3][];
            int[] paper = new int[3];
            double[][] density = new double[3][];
            for (int c = 0; c < 3; c++) {
                pixels[c] = planes.get(c).pixels();
                paper[c] = PrintRemoval.brightest(pixels[c]);
                density[c] = PrintRemoval.densityByLevel(paper[c]);
            }
            return new Planes(pixels, paper, density);
        }

        /** Pixel {@code i}'s density in each plane, into {@code d}. */
        void densities(int i, double[] d) {
            for (int c = 0; c < 3; c++) {
                d[c] = density[c][pixels[c][i] & 0xff];
            }
        }
    }

    private static void addDirection(double[] sum, double[] d, double total) {
        for (int c = 0; c < 3; c++) {
            sum[c] += d[c] / total;
        }
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / norm, v[1] / norm, v[2] / norm};
    }
}
