package io.countersign.streams.demo;

import io.countersign.events.Decision;
import io.countersign.events.Verdict;
import io.countersign.schemas.DeadLetterHeaders;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** What the demo saw: verdicts against the truth, dead letters, throughput and latency. */
final class DemoReport {

    private final Map<Workload.Truth, Map<Decision, Integer>> matrix =
            new EnumMap<>(Workload.Truth.class);
    private final List<String> samples = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> visibleLatencies = new ArrayList<>();
    private final List<String> deadLetterCodes = new ArrayList<>();
    // Scored verdicts that carried a review flag, by truth: referred, and decided wrongly without
    // review (a genuine signature FORGED, a forgery GENUINE).
    private final Map<Workload.Truth, Integer> flagged = new EnumMap<>(Workload.Truth.class);
    private final Map<Workload.Truth, Integer> referred = new EnumMap<>(Workload.Truth.class);
    private final Map<Workload.Truth, Integer> automaticErrors =
            new EnumMap<>(Workload.Truth.class);
    private int verdicts;
    private Duration elapsed = Duration.ZERO;
    private long expectedVerdicts;
    private long expectedDead;

    /**
     * Counts a verdict; {@code visibleMillis} runs from submission until a read_committed consumer
     * read it, the verdict's own latency only until it was scored (before the commit).
     */
    void add(Workload.Truth truth, Verdict verdict, long visibleMillis) {
        verdicts++;
        matrix.computeIfAbsent(truth, t -> new EnumMap<>(Decision.class))
                .merge(verdict.getDecision(), 1, Integer::sum);
        latencies.add(verdict.getLatencyMillis());
        countReview(truth, verdict);
        visibleLatencies.add(visibleMillis);
        if (samples.size() < 8 && (verdicts % 23 == 1 || truth == Workload.Truth.NOT_ENROLLED)) {
            samples.add(
                    String.format(
                            "  %-14s %-16s -> %-12s distance %s  P(genuine) %s%s",
                            verdict.getRequestId(),
                            truth,
                            verdict.getDecision(),
                            verdict.getDistance() == null
                                    ? "   -  "
                                    : String.format("%.3f", verdict.getDistance()),
                            verdict.getProbabilityGenuine() == null
                                    ? " - "
                                    : String.format("%.2f", verdict.getProbabilityGenuine()),
                            Boolean.TRUE.equals(verdict.getReview()) ? "  review" : ""));
        }
    }

    private void countReview(Workload.Truth truth, Verdict verdict) {
        if (verdict.getReview() == null) {
            return;
        }
        flagged.merge(truth, 1, Integer::sum);
        if (verdict.getReview()) {
            referred.merge(truth, 1, Integer::sum);
        } else if (truth == Workload.Truth.GENUINE
                ? verdict.getDecision() == Decision.FORGED
                : verdict.getDecision() == Decision.GENUINE) {
            automaticErrors.merge(truth, 1, Integer::sum);
        }
    }

    /** Share of {@code truth}'s flagged verdicts in {@code counts}; NaN where none was flagged. */
    double reviewShare(Map<Workload.Truth, Integer> counts, Workload.Truth truth) {
        int total = flagged.getOrDefault(truth, 0);
        return total == 0 ? Double.NaN : (double) counts.getOrDefault(truth, 0) / total;
    }

    double referred(Workload.Truth truth) {
        return reviewShare(referred, truth);
    }

    double automaticErrors(Workload.Truth truth) {
        return reviewShare(automaticErrors, truth);
    }

    void addDeadLetter(Headers headers) {
        Header code = headers.lastHeader(DeadLetterHeaders.ERROR_CODE);
        deadLetterCodes.add(code == null ? "?" : new String(code.value(), StandardCharsets.UTF_8));
    }

    int verdicts() {
        return verdicts;
    }

    int deadLetters() {
        return deadLetterCodes.size();
    }

    void finish(Duration elapsed, long expectedVerdicts, long expectedDead) {
        this.elapsed = elapsed;
        this.expectedVerdicts = expectedVerdicts;
        this.expectedDead = expectedDead;
    }

    void print(PrintStream out, int httpPort) {
        out.println();
        out.println("Sample verdicts:");
        samples.forEach(out::println);
        out.println();
        out.println("Confusion matrix (rows: what was sent, columns: the verdict):");
        out.printf("  %-16s %8s %8s %13s%n", "", "GENUINE", "FORGED", "NOT_ENROLLED");
        for (Workload.Truth truth : Workload.Truth.values()) {
            Map<Decision, Integer> row = matrix.get(truth);
            if (row != null) {
                out.printf(
                        "  %-16s %8d %8d %13d%n",
                        truth,
                        row.getOrDefault(Decision.GENUINE, 0),
                        row.getOrDefault(Decision.FORGED, 0),
                        row.getOrDefault(Decision.NOT_ENROLLED, 0));
            }
        }
        out.println();
        out.printf("  FRR (genuine rejected):           %5.1f %%%n", 100 * frr());
        out.printf(
                "  FAR skilled (forgeries accepted): %5.1f %%%n",
                100 * far(Workload.Truth.SKILLED_FORGERY));
        out.printf(
                "  FAR random  (forgeries accepted): %5.1f %%%n",
                100 * far(Workload.Truth.RANDOM_FORGERY));
        if (!flagged.isEmpty()) {
            out.printf(
                    "  Referred for review (the card's review band): genuine %5.1f %%, skilled"
                            + " %5.1f %%, random %5.1f %%; without review: FRR %.1f %%, FAR skilled"
                            + " %.1f %%, FAR random %.1f %%%n",
                    100 * referred(Workload.Truth.GENUINE),
                    100 * referred(Workload.Truth.SKILLED_FORGERY),
                    100 * referred(Workload.Truth.RANDOM_FORGERY),
                    100 * automaticErrors(Workload.Truth.GENUINE),
                    100 * automaticErrors(Workload.Truth.SKILLED_FORGERY),
                    100 * automaticErrors(Workload.Truth.RANDOM_FORGERY));
        }
        out.printf(
                "  Dead letters: %d of %d expected %s%n",
                deadLetters(), expectedDead, deadLetterCodes);
        out.printf(
                "  Verdicts: %d of %d expected, %.1f verdicts/s over %.1f s%n",
                verdicts, expectedVerdicts, verdicts / Math.max(0.001, seconds()), seconds());
        out.printf(
                "  Latency from submission until a read_committed consumer reads the verdict:"
                        + " p50 %d ms, p99 %d ms (until scoring: p50 %d ms, p99 %d ms)%n",
                visiblePercentile(0.50),
                visiblePercentile(0.99),
                percentile(0.50),
                percentile(0.99));
        out.printf("  Metrics were served at http://localhost:%d/metrics%n", httpPort);
    }

    double frr() {
        Map<Decision, Integer> row = matrix.getOrDefault(Workload.Truth.GENUINE, Map.of());
        int total = row.values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? 0 : (double) row.getOrDefault(Decision.FORGED, 0) / total;
    }

    double far(Workload.Truth forgery) {
        Map<Decision, Integer> row = matrix.getOrDefault(forgery, Map.of());
        int total = row.values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? 0 : (double) row.getOrDefault(Decision.GENUINE, 0) / total;
    }

    double seconds() {
        return elapsed.toMillis() / 1000.0;
    }

    /** Percentile of the latency until scoring (the verdict's {@code latencyMillis}). */
    long percentile(double q) {
        return percentile(latencies, q);
    }

    /** Percentile of the latency until the verdict could be read (after its commit). */
    long visiblePercentile(double q) {
        return percentile(visibleLatencies, q);
    }

    private static long percentile(List<Long> latencies, double q) {
        if (latencies.isEmpty()) {
            return 0;
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
