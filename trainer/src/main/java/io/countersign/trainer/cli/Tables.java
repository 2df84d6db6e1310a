package io.countersign.trainer.cli;

import java.util.Locale;
import java.util.Map;

/** Plain-text tables for the terminal. */
final class Tables {

    private Tables() {}

    static String metrics(String title, Map<String, Double> metrics) {
        int width = metrics.keySet().stream().mapToInt(String::length).max().orElse(6);
        StringBuilder out = new StringBuilder(title).append('\n');
        metrics.forEach(
                (k, v) ->
                        out.append(
                                String.format(
                                        Locale.ROOT, "  %-" + width + "s  %s%n", k, format(k, v))));
        return out.toString().stripTrailing();
    }

    private static String format(String key, double v) {
        if (key.endsWith("pairs")) {
            return Long.toString(Math.round(v));
        }
        if (key.contains("threshold") || key.contains("brier")) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%6.2f%%", 100 * v);
    }
}
