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
     * where the page shows no printed colour to take out.
     *
     * @param planes the page's red, green and blue planes
     */
    static GreyImage of(List<GreyImage> planes) {
        int n = planes.get(0).pixels().length;
        double[][] density = new double[3][n];
        for (int c = 0; c < 3; c++) {
            byte[] pixels = planes.get(c).pixels();
            // A table of the 256 levels' densities spares a logarithm per pixel.
            double paper = Math.log(Math.max(1, brightest(pixels)));
            double[] byLevel = new double[256];
            for (int v = 0; v < 256; v++) {
                byLevel[v] = Math.max(0, paper - Math.log(Math.max(1, v)));
            }
            for (int i = 0; i < n; i++) {
                density[c][i] = byLevel[pixels[i] & 0xff];
            }
        }
        double[] print = printDirection(density, n);
        if (print == null) {
            return null;
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            double along =
                    density[0][i] * print[0] + density[1][i] * print[1] + density[2][i] * print[2];
            double rest = 0;
            for (int c = 0; c < 3; c++) {
                double r = density[c][i] - along * print[c];
                rest += r * r;
            }
            int step = (int) (Math.sqrt(rest) * STEPS_PER_DENSITY);
            out[i] = (byte) (step < LIGHT.length ? LIGHT[step] : 0);
        }
        GreyImage first = planes.get(0);
        return new GreyImage(out, first.width(), first.height());
    }

    /**
     * The print's colour as a unit density vector: the mean direction of the page's fainter marked
     * pixels (the print covers the page, the ink a small part of it and darker), or null where too
     * few pixels are marked at all.
     */
    private static double[] printDirection(double[][] density, int n) {
        double[] total = new double[n];
        int marked = 0;
        for (int i = 0; i < n; i++) {
            total[i] = density[0][i] + density[1][i] + density[2][i];
            marked += total[i] > MIN_DENSITY ? 1 : 0;
        }
        if (marked < n / 20) {
            return null;
        }
        double[] sorted = total.clone();
        java.util.Arrays.sort(sorted);
        // The fainter half of the marked pixels: print, and the few faint edges of ink.
        double below = sorted[n - marked + (int) (PRINT_SHARE * marked)];
        double[] sum = new double[3];
        for (int i = 0; i < n; i++) {
            if (total[i] > MIN_DENSITY && total[i] <= below) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += density[c][i] / total[i];
                }
            }
        }
        double norm = Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
        if (!(norm > 0)) {
            return null;
        }
        return new double[] {sum[0] / norm, sum[1] / norm, sum[2] / norm};
    }

    /** The 99th percentile of a plane: its paper, above the scanner's noise. */
    private static int brightest(byte[] pixels) {
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
