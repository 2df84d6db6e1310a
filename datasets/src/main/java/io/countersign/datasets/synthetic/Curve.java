package io.countersign.datasets.synthetic;

import java.util.ArrayList;
import java.util.List;

/** An ordered list of control points (knots) of one pen stroke, in x-height units, y up. */
record Curve(double[] x, double[] y) {

    int size() {
        return x.length;
    }

    double minX() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    double maxX() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Collects knots point by point. */
    static final class Builder {
        private final List<double[]> points = new ArrayList<>();

        Builder add(double px, double py) {
            points.add(new double[] {px, py});
            return this;
        }

        double lastX() {
            return points.get(points.size() - 1)[0];
        }

        double lastY() {
            return points.get(points.size() - 1)[1];
        }

        boolean isEmpty() {
            return points.isEmpty();
        }

        Curve build() {
            double[] xs = new double[points.size()];
            double[] ys = new double[points.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = points.get(i)[0];
                ys[i] = points.get(i)[1];
            }
            return new Curve(xs, ys);
        }
    }
}
