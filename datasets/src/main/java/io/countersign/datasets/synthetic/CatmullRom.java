package io.countersign.datasets.synthetic;

import java.util.Arrays;

/** Samples a uniform Catmull-Rom spline through a curve's knots into a dense polyline. */
final class CatmullRom {

    private CatmullRom() {}

    /**
     * Dense points through every knot; {@code step} is the wanted spacing in the curve's units.
     *
     * @return {x[], y[]}
     */
    static double[][] sample(Curve curve, double step) {
        int n = curve.size();
        if (n == 1) {
            return new double[][] {{curve.x()[0]}, {curve.y()[0]}};
        }
        double[] xs = new double[16 + n * 8];
        double[] ys = new double[xs.length];
        int count = 0;
        for (int i = 0; i < n - 1; i++) {
            int p0 = Math.max(i - 1, 0);
            int p3 = Math.min(i + 2, n - 1);
            double len =
                    Math.hypot(curve.x()[i + 1] - curve.x()[i], curve.y()[i + 1] - curve.y()[i]);
            // Curves bulge beyond the chord, so sample a little more densely than its length.
            int pieces = Math.max(2, (int) Math.ceil(1.5 * len / step));
            for (int k = 0; k < pieces; k++) {
                double t = (double) k / pieces;
                if (count == xs.length) {
                    xs = Arrays.copyOf(xs, count * 2);
                    ys = Arrays.copyOf(ys, count * 2);
                }
                xs[count] = point(curve.x(), p0, i, i + 1, p3, t);
                ys[count] = point(curve.y(), p0, i, i + 1, p3, t);
                count++;
            }
        }
        xs = Arrays.copyOf(xs, count + 1);
        ys = Arrays.copyOf(ys, count + 1);
        xs[count] = curve.x()[n - 1];
        ys[count] = curve.y()[n - 1];
        return new double[][] {xs, ys};
    }

    private static double point(double[] v, int a, int b, int c, int d, double t) {
        double t2 = t * t;
        double t3 = t2 * t;
        return 0.5
                * ((2 * v[b])
                        + (-v[a] + v[c]) * t
                        + (2 * v[a] - 5 * v[b] + 4 * v[c] - v[d]) * t2
                        + (-v[a] + 3 * v[b] - 3 * v[c] + v[d]) * t3);
    }
}
