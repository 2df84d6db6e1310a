package io.countersign.trainer.report;

import java.util.Locale;

/** How a metric is written for people, told by its name: a count, a distance or a rate. */
public final class MetricFormat {

    private MetricFormat() {}

    /** Counts as integers, thresholds, spreads and Brier scores to four places, rates in %. */
    public static String format(String key, double value) {
        String name = key.replaceFirst("\\[.*]$", "");
        if (name.endsWith("pairs") || name.contains("trials") || name.contains("writers")) {
            return Long.toString(Math.round(value));
        }
        if (name.contains("threshold")
                || name.contains("brier")
                || name.contains("typical_spread")) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
        return String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }
}
