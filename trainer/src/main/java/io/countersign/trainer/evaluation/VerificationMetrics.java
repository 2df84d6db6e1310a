package io.countersign.trainer.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/** Measures a split's distances at given operating settings, as named metrics. */
public final class VerificationMetrics {

    private VerificationMetrics() {}

    /**
     * EER and AUC per forgery kind, FAR per kind and FRR at the EER threshold and at the target-FAR
     * threshold, accuracy over all pairs, and the calibration's Brier score. Kinds the data lacks
     * are left out.
     */
    public static Map<String, Double> measure(DistanceSet set, OperatingPoint point) {
        Map<String, Double> m = new LinkedHashMap<>();
        kind(m, "skilled", set.genuine(), set.skilled());
        kind(m, "random", set.genuine(), set.random());
        double t = point.eerThreshold();
        m.put("frr", ErrorRates.frr(set.genuine(), t));
        rate(m, "far_skilled", set.skilled(), t);
        rate(m, "far_random", set.random(), t);
        m.put("accuracy", accuracy(set, t));
        double tf = point.atTargetFar();
        m.put("frr_at_target_far", ErrorRates.frr(set.genuine(), tf));
        rate(m, "far_skilled_at_target_far", set.skilled(), tf);
        rate(m, "far_random_at_target_far", set.random(), tf);
        m.put("brier", point.calibration().brier(set.genuine(), set.forgeries()));
        m.put("pairs", (double) set.size());
        return m;
    }

    /**
     * The threshold-free part: EER (with its threshold) and AUC per forgery kind, and the number of
     * pairs; for distances no threshold at hand applies to.
     */
    public static Map<String, Double> separation(DistanceSet set) {
        Map<String, Double> m = new LinkedHashMap<>();
        kind(m, "skilled", set.genuine(), set.skilled());
        kind(m, "random", set.genuine(), set.random());
        m.put("pairs", (double) set.size());
        return m;
    }

    private static void kind(
            Map<String, Double> m, String kind, double[] genuine, double[] forged) {
        if (forged.length == 0 || genuine.length == 0) {
            return;
        }
        ErrorRates.Eer eer = ErrorRates.eer(genuine, forged);
        m.put("eer_" + kind, eer.rate());
        m.put("eer_" + kind + "_threshold", eer.threshold());
        m.put("auc_" + kind, ErrorRates.auc(genuine, forged));
    }

    private static void rate(Map<String, Double> m, String name, double[] forged, double t) {
        if (forged.length > 0) {
            m.put(name, ErrorRates.far(forged, t));
        }
    }

    /** Share of pairs decided right at threshold t. */
    public static double accuracy(DistanceSet set, double t) {
        long right = java.util.Arrays.stream(set.genuine()).filter(d -> d <= t).count();
        right += java.util.Arrays.stream(set.forgeries()).filter(d -> d > t).count();
        return right / (double) set.size();
    }
}
