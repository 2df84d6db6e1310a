package io.countersign.trainer.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verification error rates of distance scores, where a pair is accepted as genuine iff its distance
 * is at most the threshold (as in core's scoring).
 */
public final class ErrorRates {

    private ErrorRates() {}

    /** An equal error rate and the threshold where it occurs. */
    public record Eer(double rate, double threshold) {}

    /** One point of a ROC/DET curve. */
    public record Point(double threshold, double far, double frr) {}

    /** False acceptance rate: the share of forgeries at or below the threshold. */
    public static double far(double[] forgeries, double threshold) {
        return share(forgeries, d -> d <= threshold);
    }

    /** False rejection rate: the share of genuine pairs above the threshold. */
    public static double frr(double[] genuine, double threshold) {
        return share(genuine, d -> d > threshold);
    }

    private static double share(double[] values, java.util.function.DoublePredicate test) {
        if (values.length == 0) {
            return Double.NaN;
        }
        return Arrays.stream(values).filter(test).count() / (double) values.length;
    }

    /** Error rates at every distinct distance, in increasing threshold order. */
    public static List<Point> curve(double[] genuine, double[] forgeries) {
        double[] g = sorted(genuine);
        double[] f = sorted(forgeries);
        double[] thresholds = Arrays.stream(concat(g, f)).distinct().sorted().toArray();
        List<Point> points = new ArrayList<>(thresholds.length + 1);
        points.add(new Point(Math.nextDown(thresholds[0]), 0.0, 1.0));
        for (double t : thresholds) {
            double far = countAtMost(f, t) / (double) f.length;
            double frr = 1.0 - countAtMost(g, t) / (double) g.length;
            points.add(new Point(t, far, frr));
        }
        return points;
    }

    /** The equal error rate: where FAR and FRR cross, their mean at the closest threshold. */
    public static Eer eer(double[] genuine, double[] forgeries) {
        requireBoth(genuine, forgeries);
        Point best = null;
        for (Point p : curve(genuine, forgeries)) {
            if (best == null || Math.abs(p.far() - p.frr()) < Math.abs(best.far() - best.frr())) {
                best = p;
            }
        }
        return new Eer((best.far() + best.frr()) / 2, best.threshold());
    }

    /**
     * Area under the ROC curve: the probability that a forgery lies farther than a genuine pair
     * (ties count half), by the Mann-Whitney rank sum.
     */
    public static double auc(double[] genuine, double[] forgeries) {
        requireBoth(genuine, forgeries);
        double[] g = sorted(genuine);
        double wins = 0;
        for (double f : forgeries) {
            int below = countBelow(g, f);
            int ties = countAtMost(g, f) - below;
            wins += below + ties / 2.0;
        }
        return wins / ((double) genuine.length * forgeries.length);
    }

    /** The largest threshold whose FAR does not exceed {@code targetFar}. */
    public static double thresholdAtFar(double[] forgeries, double targetFar) {
        double[] f = sorted(forgeries);
        int allowed = (int) Math.floor(targetFar * f.length + 1e-9);
        if (allowed >= f.length) {
            return f[f.length - 1];
        }
        // Just below the first forgery that may not be accepted (ties stay rejected).
        return Math.nextDown(f[allowed]);
    }

    /**
     * The smallest threshold whose FRR does not exceed {@code targetFrr}: at most that share of
     * {@code genuine} lies above it (a genuine signature at the threshold is accepted).
     */
    public static double thresholdAtFrr(double[] genuine, double targetFrr) {
        double[] g = sorted(genuine);
        int allowed = (int) Math.floor(targetFrr * g.length + 1e-9);
        return g[Math.max(0, g.length - 1 - allowed)];
    }

    private static void requireBoth(double[] genuine, double[] forgeries) {
        if (genuine.length == 0 || forgeries.length == 0) {
            throw new IllegalArgumentException("need genuine and forgery distances");
        }
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Number of sorted values <= t. */
    private static int countAtMost(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of sorted values < t. */
    private static int countBelow(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
