package io.countersign.trainer.cli;

import io.countersign.trainer.evaluation.ProtocolMetrics;
import io.countersign.trainer.report.MetricFormat;
import java.util.List;
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
                                        Locale.ROOT,
                                        "  %-" + width + "s  %8s%n",
                                        k,
                                        MetricFormat.format(k, v))));
        return out.toString().stripTrailing();
    }

    /** Metrics as rows and groups (pooled, each corpus) as columns. */
    static String groups(String title, Map<String, Map<String, Double>> groups) {
        return groups(title, groups, ProtocolMetrics.names(groups));
    }

    /** The same, with these rows in this order. */
    static String groups(String title, Map<String, Map<String, Double>> groups, List<String> rows) {
        int width = rows.stream().mapToInt(String::length).max().orElse(6);
        int column = Math.max(9, groups.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append(String.format(Locale.ROOT, "  %-" + width + "s", ""));
        groups.keySet()
                .forEach(g -> out.append(String.format(Locale.ROOT, "  %" + column + "s", g)));
        out.append('\n');
        for (String name : rows) {
            out.append(String.format(Locale.ROOT, "  %-" + width + "s", name));
            for (Map<String, Double> group : groups.values()) {
                Double v = group.get(name);
                out.append(
                        String.format(
                                Locale.ROOT,
                                "  %" + column + "s",
                                v == null ? "-" : MetricFormat.format(name, v)));
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }
}
