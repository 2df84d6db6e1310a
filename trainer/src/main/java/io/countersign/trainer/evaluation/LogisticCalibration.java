package io.countersign.trainer.evaluation;

import java.util.ArrayList;
import java.util.List;

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
        return fit(genuine, List.of(forgeries));
    }

    /**
     * Fits the calibration where forgeries come in kinds (skilled, random): the genuine class and
     * the forgery class weigh the same, and within the forgery class each non-empty kind weighs the
     * same, whatever the number of distances of each.
     */
    public static LogisticCalibration fit(double[] genuine, List<double[]> forgeryKinds) {
        List<double[]> kinds = forgeryKinds.stream().filter(k -> k.length > 0).toList();
        if (genuine.length == 0 || kinds.isEmpty()) {
            throw new IllegalArgumentException("calibration needs genuine and forgery distances");
        }
        List<double[]> groups = new ArrayList<>(kinds);
        groups.add(0, genuine);
        double[] weights = new double[groups.size()];
        weights[0] = 0.5 / genuine.length;
        for (int k = 1; k < groups.size(); k++) {
            weights[k] = 0.5 / kinds.size() / groups.get(k).length;
        }
        // Standardised distance keeps Newton's steps well conditioned; a small ridge on the slope
        // keeps it finite where the classes separate perfectly. Mean and spread are weighted as
        // the fit is, so that how many distances a kind has changes nothing at all.
        double mean = weightedMean(groups, weights, 0, 1);
        double sd = Math.sqrt(weightedMean(groups, weights, mean, 2));
        double scale = sd > 0 ? sd : 1;
        double a = 0;
        double b = 0;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] g = {0, -RIDGE * b};
            double[] h = {0, 0, RIDGE};
            for (int k = 0; k < groups.size(); k++) {
                accumulate(groups.get(k), k == 0 ? 1 : 0, weights[k], a, b, mean, scale, g, h);
            }
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

    /**
     * The distance where the probability is one half, {@code -intercept / slope}: the threshold at
     * which a decision and the probability can never disagree.
     */
    public double evenOdds() {
        return -intercept / slope;
    }

    /**
     * The same slope with the intercept moved so that the probability is 0.5 at {@code distance}:
     * the calibration for other prior odds of genuine and forged (their log ratio is the shift).
     */
    public LogisticCalibration evenOddsAt(double distance) {
        return new LogisticCalibration(-slope * distance, slope);
    }

    /** The weighted mean of (d - centre)^power; the weights sum to one. */
    private static double weightedMean(
            List<double[]> groups, double[] weights, double centre, int power) {
        double sum = 0;
        for (int k = 0; k < groups.size(); k++) {
            for (double d : groups.get(k)) {
                sum += weights[k] * Math.pow(d - centre, power);
            }
        }
        return sum;
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
