package io.countersign.core.preprocess;

/**
 * Turns a signature's ink so that its principal axis lies horizontal (the {@link
 * Orientation#PRINCIPAL_AXIS} orientation): a page scanned 10 degrees askew is turned back before
 * the model sees it, and so are its references, so the two meet at the same angle whatever the
 * scanner did. A writer's own slope goes with it; skilled forgers copy it and random forgeries
 * differ in far more than slope, which is why it costs nothing measurable (docs/benchmarks.md, "A
 * page scanned askew").
 *
 * <p>The axis is that of the ink pixels, each counted once (not weighted by darkness), so that an
 * image's grey and bitonal views turn by the same angle. Ink with no clear axis is left as it is: a
 * nearly round signature (axes within {@link #MIN_ELONGATION} of each other), whose axis would
 * swing from one sample to the next, and one whose axis lies more than {@link #MAX_DEGREES} from
 * horizontal, where turning by the axis could stand a signature on its end.
 */
final class PrincipalAxis {

    /** The long axis's spread must be at least this many times the short one's. */
    static final double MIN_ELONGATION = 1.3;

    static final double MAX_DEGREES = 60;

    /** A crop of ink intensities, row-major, 0 for paper. */
    record Crop(float[] pixels, int width, int height) {}

    private PrincipalAxis() {}

    /**
     * The angle of the ink's principal axis in radians, image coordinates (y down: a signature
     * rising to the right is negative), or 0 where it has no clear axis.
     */
    static double angle(Crop crop) {
        int w = crop.width();
        return angle(w, crop.height(), (x, y) -> crop.pixels()[y * w + x] > 0);
    }

    /** Which pixels of a crop are ink. */
    interface InkMask {
        boolean ink(int x, int y);
    }

    /**
     * The same for a {@code width x height} crop whose ink {@code mask} tells, so that the service
     * need not render the crop first (core's {@code InkMap#inkInCrop}).
     */
    static double angle(int width, int height, InkMask mask) {
        double n = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask.ink(x, y)) {
                    n++;
                    sumX += x;
                    sumY += y;
                }
            }
        }
        if (n < 2) {
            return 0;
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask.ink(x, y)) {
                    double dx = x - meanX;
                    double dy = y - meanY;
                    xx += dx * dx;
                    yy += dy * dy;
                    xy += dx * dy;
                }
            }
        }
        double half = (xx + yy) / 2;
        double root = Math.sqrt(Math.max(0, half * half - (xx * yy - xy * xy)));
        double longer = half + root;
        double shorter = half - root;
        if (longer < MIN_ELONGATION * MIN_ELONGATION * shorter) {
            return 0;
        }
        double theta = 0.5 * Math.atan2(2 * xy, xx - yy);
        return Math.abs(theta) > Math.toRadians(MAX_DEGREES) ? 0 : theta;
    }

    /**
     * {@code crop} turned by {@code -theta} about its centre (bilinear, paper outside), cropped to
     * its ink again.
     */
    static Crop turn(Crop crop, double theta) {
        if (theta == 0) {
            return crop;
        }
        int w = crop.width();
        int h = crop.height();
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        int outW = (int) Math.ceil(Math.abs(w * cos) + Math.abs(h * sin)) + 2;
        int outH = (int) Math.ceil(Math.abs(w * sin) + Math.abs(h * cos)) + 2;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double outCx = (outW - 1) / 2.0;
        double outCy = (outH - 1) / 2.0;
        Padded source = new Padded(crop);
        float[] out = new float[outW * outH];
        int left = outW;
        int top = outH;
        int right = -1;
        int bottom = -1;
        for (int v = 0; v < outH; v++) {
            for (int u = 0; u < outW; u++) {
                // Where this output pixel comes from: the axis at theta lands on the horizontal.
                double du = u - outCx;
                double dv = v - outCy;
                float value = source.bilinear(cos * du - sin * dv + cx, sin * du + cos * dv + cy);
                // Below a thousandth of full ink is interpolation's dust, not ink.
                if (value > 1e-3f) {
                    out[v * outW + u] = value;
                    left = Math.min(left, u);
                    right = Math.max(right, u);
                    top = Math.min(top, v);
                    bottom = Math.max(bottom, v);
                }
            }
        }
        if (right < 0) {
            return crop;
        }
        int cw = right - left + 1;
        int ch = bottom - top + 1;
        float[] cropped = new float[cw * ch];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(out, (top + y) * outW + left, cropped, y * cw, cw);
        }
        return new Crop(cropped, cw, ch);
    }

    /**
     * The crop with a border of paper one pixel wide, so that every sample whose four neighbours
     * touch the crop reads them without a bounds check (a turn samples each output pixel once).
     */
    private static final class Padded {
        private final float[] pixels;
        private final int width;
        private final int height;

        Padded(Crop crop) {
            width = crop.width() + 2;
            height = crop.height() + 2;
            pixels = new float[width * height];
            for (int y = 0; y < crop.height(); y++) {
                System.arraycopy(
                        crop.pixels(), y * crop.width(), pixels, (y + 1) * width + 1, crop.width());
            }
        }

        /** Bilinear at (x, y) of the crop's coordinates; paper outside it. */
        float bilinear(double x, double y) {
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            // Neighbours (x0 .. x0 + 1) all beyond the crop's edge: paper.
            if (x0 < -1 || y0 < -1 || x0 > width - 3 || y0 > height - 3) {
                return 0f;
            }
            float fx = (float) (x - x0);
            float fy = (float) (y - y0);
            int i = (y0 + 1) * width + x0 + 1;
            return pixels[i] * (1 - fx) * (1 - fy)
                    + pixels[i + 1] * fx * (1 - fy)
                    + pixels[i + width] * (1 - fx) * fy
                    + pixels[i + width + 1] * fx * fy;
        }
    }
}
