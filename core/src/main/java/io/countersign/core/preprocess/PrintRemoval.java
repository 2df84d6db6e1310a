package io.countersign.core.preprocess;

import io.countersign.core.image.GreyImage;
import java.util.List;

/**
 * A colour page with the colour of its printed background taken out: what a cheque scanner's colour
 * dropout does, by colour deconvolution (Ruifrok and Johnston, 2001). In optical density (the
 * negative log of the light a pixel returns, per channel, relative to the paper's), layers of ink
 * and print add up, each along its own colour's direction; removing the print's direction leaves
 * what the print cannot explain, which is the ink (unless the ink is the print's very colour).
 */
final class PrintRemoval {

    /** Share of the page's pixels whose density tells the print's colour: the faintest marks. */
    private static final double PRINT_SHARE = 0.5;

    /** Densities below this are paper grain, not print. */
    private static final double MIN_DENSITY = 0.02;

    /** The residual density's resolution in {@link #lightByDensity}: finer than a grey level. */
    private static final int STEPS_PER_DENSITY = 1024;

    private static final int[] LIGHT = lightByDensity();

    private PrintRemoval() {}

    /**
     * The grey level of each step of residual density, {@code 255 e^-d}, up to where it rounds to
     * black: a table instead of an exponential per pixel.
     */
    private static int[] lightByDensity() {
        int steps = (int) (Math.log(2 * 255) * STEPS_PER_DENSITY) + 1;
        int[] light = new int[steps];
        for (int k = 0; k < steps; k++) {
            light[k] = (int) Math.round(255 * Math.exp(-(double) k / STEPS_PER_DENSITY));
        }
        return light;
    }

    /**
     * The page as one grey image of what is left once the print's colour is taken out, or null
     * where the page shows no printed colour to take out. Densities are read from a 256-level table
     * per plane as they are needed: nothing per pixel is kept but the image it returns.
     *
     * @param planes the page's red, green and blue planes
     */
    static GreyImage of(List<GreyImage> planes) {
        byte[][] pixels = new byte[3][];
        double[][] density = new double[3][];
        for (int c = 0; c < 3; c++) {
            pixels[c] = planes.get(c).pixels();
            density[c] = densityByLevel(brightest(pixels[c]));
        }
        double[] print = printDirection(pixels, density);
        if (print == null) {
            return null;
        }
        int n = pixels[0].length;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            double r = density[0][pixels[0][i] & 0xff];
            double g = density[1][pixels[1][i] & 0xff];
            double b = density[2][pixels[2][i] & 0xff];
            double along = r * print[0] + g * print[1] + b * print[2];
            double dr = r - along * print[0];
            double dg = g - along * print[1];
            double db = b - along * print[2];
            int step = (int) (Math.sqrt(dr * dr + dg * dg + db * db) * STEPS_PER_DENSITY);
            out[i] = (byte) (step < LIGHT.length ? LIGHT[step] : 0);
        }
        GreyImage first = planes.get(0);
        return new GreyImage(out, first.width(), first.height());
    }

    /**
     * The print's colour as a unit density vector: the mean direction of the page's fainter marked
     * pixels (the print covers the page, the ink a small part of it and darker), or null where too
     * few pixels are marked at all. The fainter half is cut at a quantile of a histogram of the
     * pixels' total density, {@link #STEPS_PER_DENSITY} bins to a unit.
     */
    private static double[] printDirection(byte[][] pixels, double[][] density) {
        int n = pixels[0].length;
        int[] histogram = new int[(int) (3 * Math.log(256) * STEPS_PER_DENSITY) + 1];
        int marked = 0;
        for (int i = 0; i < n; i++) {
            double total = total(pixels, density, i);
            if (total > MIN_DENSITY) {
                marked++;
                histogram[(int) (total * STEPS_PER_DENSITY)]++;
            }
        }
        if (marked < n / 20) {
            return null;
        }
        // The fainter half of the marked pixels: print, and the few faint edges of ink.
        int wanted = (int) (PRINT_SHARE * marked);
        int bin = 0;
        int seen = histogram[0];
        while (seen < wanted) {
            seen += histogram[++bin];
        }
        double below = (bin + 1.0) / STEPS_PER_DENSITY;
        double[] sum = new double[3];
        for (int i = 0; i < n; i++) {
            double total = total(pixels, density, i);
            if (total > MIN_DENSITY && total < below) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += density[c][pixels[c][i] & 0xff] / total;
                }
            }
        }
        double norm = Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
        if (!(norm > 0)) {
            return null;
        }
        return new double[] {sum[0] / norm, sum[1] / norm, sum[2] / norm};
    }

    /** A pixel's density summed over the three planes. */
    private static double total(byte[][] pixels, double[][] density, int i) {
        return density[0][pixels[0][i] & 0xff]
                + density[1][pixels[1][i] & 0xff]
                + density[2][pixels[2][i] & 0xff];
    }

    /**
     * The optical density of each of the 256 levels of a plane whose paper is at {@code paper}:
     * {@code ln(paper / level)}, 0 at the paper and above it.
     */
    static double[] densityByLevel(int paper) {
        double logPaper = Math.log(Math.max(1, paper));
        double[] density = new double[256];
        for (int v = 0; v < 256; v++) {
            density[v] = Math.max(0, logPaper - Math.log(Math.max(1, v)));
        }
        return density;
    }

    /** The 99th percentile of a plane: its paper, above the scanner's noise. */
    static int brightest(byte[] pixels) {
        int[] counts = new int[256];
        for (byte p : pixels) {
            counts[p & 0xff]++;
        }
        int above = pixels.length / 100;
        for (int v = 255; v >= 0; v--) {
            above -= counts[v];
            if (above < 0) {
                return v;
            }
        }
        return 0;
    }
}
