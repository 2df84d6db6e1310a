package io.countersign.streams.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints the bench's results as a table for people or as JSON for machines. */
final class BenchTable {

    private BenchTable() {}

    @SuppressWarnings("unchecked")
    static void print(PrintStream out, Map<String, Object> results, int batchSize, double rate) {
        Map<String, Double> ceiling = (Map<String, Double>) results.get("embedder_images_per_s");
        double best = ceiling.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        out.println();
        out.println("Embedder alone (the ceiling):");
        ceiling.forEach(
                (batch, perSecond) ->
                        out.printf("  batch %2s: %8.1f images/s%n", batch, perSecond));
        Map<String, Double> inProcess = (Map<String, Double>) results.get("in_process");
        out.println();
        out.printf(
                "In process, no Kafka (the second ceiling): decode + preprocess + embed on %.0f"
                        + " threads, batches of %d: %.1f images/s = %.2fx the embedder alone;"
                        + " decode + preprocess alone, one thread: %.1f images/s%n",
                inProcess.get("threads"),
                batchSize,
                inProcess.get("images_per_s"),
                inProcess.get("images_per_s") / best,
                inProcess.get("preprocess_only_images_per_s_per_thread"));
        out.println();
        out.println("Whole pipeline, all requests offered at once (throughput):");
        out.printf(
                "  %-28s %10s %9s %12s %8s %8s%n",
                "pipeline", "verdicts/s", "x ceiling", "x in-process", "p50 ms", "p99 ms");
        Map<String, Double> batched = (Map<String, Double>) results.get("pipeline_batched");
        Map<String, Double> single = (Map<String, Double>) results.get("pipeline_unbatched");
        double inProcessRate = inProcess.get("images_per_s");
        row(out, "batched (max-size " + batchSize + ")", batched, best, inProcessRate);
        row(out, "unbatched (max-size 1)", single, best, inProcessRate);
        out.printf(
                "  Batching speed-up: %.2fx (latency here includes queueing)%n",
                batched.get("verdicts_per_s") / Math.max(0.001, single.get("verdicts_per_s")));
        out.println();
        out.printf("Whole pipeline at a fixed offered load of %.1f requests/s (latency):%n", rate);
        out.println(
                "  visible: submission until a read_committed consumer reads the verdict;"
                        + " scored: until it was scored, before its transaction commits");
        out.printf(
                "  %-28s %11s %11s %10s %10s%n",
                "pipeline", "visible p50", "visible p99", "scored p50", "scored p99");
        latencyRow(
                out,
                "batched (max-size " + batchSize + ")",
                (Map<String, Double>) results.get("fixed_load_batched"));
        latencyRow(
                out,
                "unbatched (max-size 1)",
                (Map<String, Double>) results.get("fixed_load_unbatched"));
        profile(out, results);
    }

    private static final List<String> RUNS =
            List.of(
                    "pipeline_batched",
                    "pipeline_unbatched",
                    "fixed_load_batched",
                    "fixed_load_unbatched");

    /**
     * Where the time went in each pipeline run (StreamThreadProfile): the batches, the stream
     * threads' wall-clock samples by phase, and CPU by who spent it, in cores.
     */
    @SuppressWarnings("unchecked")
    private static void profile(PrintStream out, Map<String, Object> results) {
        Map<String, Double> first = (Map<String, Double>) results.get(RUNS.get(0));
        out.println();
        out.println(
                "Where the time goes: batch means in images; wall_ the share of the stream threads'"
                        + " time (sampled every 5 ms) by what they were doing; cpu_ in cores:");
        out.printf(
                "  %-34s %12s %12s %12s %12s%n",
                "", "batched", "unbatched", "batched", "unbatched");
        out.printf("  %-34s %12s %12s %12s %12s%n", "", "at once", "at once", "fixed", "fixed");
        for (String key : first.keySet()) {
            if (!key.startsWith("wall_")
                    && !key.startsWith("cpu_")
                    && !key.endsWith("_batch_mean")) {
                continue;
            }
            StringBuilder row = new StringBuilder(String.format("  %-34s", key));
            for (String run : RUNS) {
                double value = ((Map<String, Double>) results.get(run)).getOrDefault(key, 0.0);
                row.append(
                        String.format(
                                Locale.ROOT,
                                key.startsWith("wall_") ? " %11.1f%%" : " %12.2f",
                                key.startsWith("wall_") ? 100 * value : value));
            }
            out.println(row);
        }
    }

    private static void row(
            PrintStream out, String name, Map<String, Double> r, double best, double inProcess) {
        out.printf(
                "  %-28s %10.1f %9.2f %12.2f %8.0f %8.0f%n",
                name,
                r.get("verdicts_per_s"),
                r.get("verdicts_per_s") / best,
                r.get("verdicts_per_s") / inProcess,
                r.get("p50_ms"),
                r.get("p99_ms"));
    }

    private static void latencyRow(PrintStream out, String name, Map<String, Double> r) {
        out.printf(
                "  %-28s %11.0f %11.0f %10.0f %10.0f%n",
                name,
                r.get("p50_ms"),
                r.get("p99_ms"),
                r.get("scored_p50_ms"),
                r.get("scored_p99_ms"));
    }

    @SuppressWarnings("unchecked")
    static String json(Map<String, Object> results) {
        return results.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + object((Map<String, Double>) e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String object(Map<String, Double> values) {
        return values.entrySet().stream()
                .map(
                        e ->
                                quote(e.getKey())
                                        + ":"
                                        + String.format(Locale.ROOT, "%.3f", e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
