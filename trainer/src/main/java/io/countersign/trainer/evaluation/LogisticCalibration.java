package io.countersign.trainer.evaluation;

import java.util.Arrays;

/**
 * A logistic map from distance to probability of genuineness, {@code P = 1 / (1 + exp(-(intercept +
 * slope * d)))}, fitted by Newton's method (IRLS) on two parameters. Classes are weighted equally,
 * so the probability assumes even prior odds of genuine and forged.
 */
public record LogisticCalibration(double intercept, double slope) {

    private static final double RIDGE = 1e-3;
    private static final int MAX_ITERATIONS = 100;

    /** The probability that a pair at this distance is genuine. */
    public double probabilityGenuine(double distance) {
        return 1.0 / (1.0 + Math.exp(-(intercept + slope * distance)));
    }

    /** Mean squared difference between probability and outcome (1 genuine, 0 forged). */
    public double brier(double[] genuine, double[] forgeries) {
        double sum = 0;
        for (double d : genuine) {
            sum += Math.pow(1 - probabilityGenuine(d), 2);
        }
        for (double d : forgeries) {
            sum += Math.pow(probabilityGenuine(d), 2);
        }
        return sum / (genuine.length + forgeries.length);
    }

    /** Fits the calibration on genuine and forgery distances (e.g. of the validation split). */
    public static LogisticCalibration fit(double[] genuine, double[] forgeries) {
        if (genuine.length == 0 || forgeries.length == 0) {
            throw new IllegalArgumentException("calibration needs genuine and forgery distances");
        }
        // Standardised distance keeps Newton's steps well conditioned; a small ridge on the slope
        // keeps it finite where the classes separate perfectly.
        double[] all = new double[genuine.length + forgeries.length];
        System.arraycopy(genuine, 0, all, 0, genuine.length);
        System.arraycopy(forgeries, 0, all, genuine.length, forgeries.length);
        double mean = Arrays.stream(all).average().orElse(0);
        double sd =
                Math.sqrt(Arrays.stream(all).map(d -> (d - mean) * (d - mean)).average().orElse(1));
        double scale = sd > 0 ? sd : 1;
        double wGenuine = 0.5 / genuine.length;
        double wForged = 0.5 / forgeries.length;
        double a = 0;
        double b = 0;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] g = {0, -RIDGE * b};
            double[] h = {0, 0, RIDGE};
            accumulate(genuine, 1, wGenuine, a, b, mean, scale, g, h);
            accumulate(forgeries, 0, wForged, a, b, mean, scale, g, h);
            double det = h[0] * h[2] - h[1] * h[1];
            double da = (h[2] * g[0] - h[1] * g[1]) / det;
            double db = (h[0] * g[1] - h[1] * g[0]) / det;
            a += da;
            b += db;
            if (Math.abs(da) + Math.abs(db) < 1e-10) {
                break;
            }
        }
        return new LogisticCalibration(a - b * mean / scale, b / scale);
    }

    /** Adds the log-likelihood gradient g = (ga, gb) and Hessian h = (haa, hab, hbb) terms. */
    private static void accumulate(
            double[] distances,
            int label,
            double weight,
            double a,
            double b,
            double mean,
            double scale,
            double[] g,
            double[] h) {
        for (double d : distances) {
            double z = (d - mean) / scale;
            double p = 1.0 / (1.0 + Math.exp(-(a + b * z)));
            double r = weight * (label - p);
            double w = weight * p * (1 - p);
            g[0] += r;
            g[1] += r * z;
            h[0] += w;
            h[1] += w * z;
            h[2] += w * z * z;
        }
    }
}
