package io.countersign.trainer.evaluation;

import io.countersign.core.scoring.ReviewBand;
import io.countersign.core.scoring.ScoringRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoublePredicate;

/** Measures service-protocol scores at a scoring rule, pooled and per corpus, as named metrics. */
public final class ProtocolMetrics {

    /** The name of the group of all writers. */
    public static final String POOLED = "pooled";

    /** The metrics {@link #measure} names, in the order tables show them. */
    public static final List<String> NAMES =
            List.of(
                    "eer_skilled",
                    "eer_skilled_ci_low",
                    "eer_skilled_ci_high",
                    "eer_random",
                    "frr",
                    "far_skilled",
                    "far_random",
                    "brier",
                    "review_genuine",
                    "review_skilled",
                    "review_random",
                    "frr_automatic",
                    "far_skilled_automatic",
                    "far_random_automatic",
                    "frr_writer_median",
                    "frr_writer_p90",
                    "frr_writer_max",
                    "writers",
                    "writers_skipped",
                    "trials_genuine",
                    "trials_skilled",
                    "trials_random");

    private ProtocolMetrics() {}

    /**
     * The metrics of all writers under {@link #POOLED}, then of each corpus where the writers come
     * from more than one (a corpus named "" appears as {@code unqualified}).
     */
    public static Map<String, Map<String, Double>> groups(ProtocolScores scores, ScoringRule rule) {
        return groups(scores, rule, Optional.empty());
    }

    /** The same, with what a review band refers and what it leaves to automatic decisions. */
    public static Map<String, Map<String, Double>> groups(
            ProtocolScores scores, ScoringRule rule, Optional<ReviewBand> band) {
        Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
        groups.put(POOLED, measure(scores, rule, band));
        Map<String, ProtocolScores> corpora = scores.byCorpus();
        if (corpora.size() > 1) {
            corpora.forEach(
                    (corpus, part) ->
                            groups.put(
                                    corpus.isEmpty() ? "unqualified" : corpus,
                                    measure(part, rule, band)));
        }
        return groups;
    }

    /** The metric names present in the groups, in {@link #NAMES} order, others after by name. */
    public static List<String> names(Map<String, Map<String, Double>> groups) {
        Set<String> present = new TreeSet<>();
        groups.values().forEach(g -> present.addAll(g.keySet()));
        List<String> names = new ArrayList<>(NAMES);
        names.retainAll(present);
        present.stream().filter(n -> !NAMES.contains(n)).forEach(names::add);
        return names;
    }

    /**
     * Reads groups back from flat metric names that start with {@code prefix} (e.g. a card's {@code
     * test_protocol_}): pooled first, then the corpora by name.
     */
    public static Map<String, Map<String, Double>> unflatten(
            Map<String, Double> flat, String prefix) {
        Map<String, Map<String, Double>> groups = new TreeMap<>();
        flat.forEach(
                (key, value) -> {
                    if (key.startsWith(prefix)) {
                        String name = key.substring(prefix.length());
                        int open = name.indexOf('[');
                        String group =
                                open < 0 || !name.endsWith("]")
                                        ? POOLED
                                        : name.substring(open + 1, name.length() - 1);
                        groups.computeIfAbsent(group, g -> new TreeMap<>())
                                .put(open < 0 ? name : name.substring(0, open), value);
                    }
                });
        Map<String, Map<String, Double>> ordered = new LinkedHashMap<>();
        Map<String, Double> pooled = groups.remove(POOLED);
        if (pooled != null) {
            ordered.put(POOLED, pooled);
        }
        ordered.putAll(groups);
        return ordered;
    }

    /** Groups as flat metric names: pooled as they are, a corpus's as {@code name[corpus]}. */
    public static Map<String, Double> flatten(Map<String, Map<String, Double>> groups) {
        Map<String, Double> flat = new LinkedHashMap<>();
        groups.forEach(
                (group, metrics) ->
                        metrics.forEach(
                                (name, value) ->
                                        flat.put(
                                                group.equals(POOLED)
                                                        ? name
                                                        : name + "[" + group + "]",
                                                value)));
        return flat;
    }

    /**
     * Threshold-free EER per forgery kind, with a 95 % writer-bootstrap interval for the skilled
     * one ({@link WriterBootstrap}); FRR, FAR per kind and the Brier score (mean over all genuine,
     * skilled and random trials) at the rule's threshold and calibration; the spread of per-writer
     * FRR over writers; and the counts of writers and trials. Kinds the data lacks are left out.
     */
    public static Map<String, Double> measure(ProtocolScores scores, ScoringRule rule) {
        return measure(scores, rule, Optional.empty());
    }

    /**
     * The same, and with a review band: the share of each kind of trial it refers to a person
     * ({@code review_*}), and the errors left to automatic decisions, as shares of all trials of
     * their kind: genuine signatures rejected above the band ({@code frr_automatic}), forgeries
     * accepted below it ({@code far_*_automatic}).
     */
    public static Map<String, Double> measure(
            ProtocolScores scores, ScoringRule rule, Optional<ReviewBand> band) {
        DistanceSet all = scores.pooled();
        double t = rule.threshold();
        Map<String, Double> m = new LinkedHashMap<>();
        eer(m, "eer_skilled", all.genuine(), all.skilled());
        double[] interval = WriterBootstrap.skilledEerInterval(scores);
        if (interval.length == 2) {
            m.put("eer_skilled_ci_low", interval[0]);
            m.put("eer_skilled_ci_high", interval[1]);
        }
        eer(m, "eer_random", all.genuine(), all.random());
        if (all.genuine().length > 0) {
            m.put("frr", ErrorRates.frr(all.genuine(), t));
        }
        if (all.skilled().length > 0) {
            m.put("far_skilled", ErrorRates.far(all.skilled(), t));
        }
        if (all.random().length > 0) {
            m.put("far_random", ErrorRates.far(all.random(), t));
        }
        if (all.size() > 0) {
            m.put("brier", brier(all, rule));
        }
        band.ifPresent(b -> review(m, all, b));
        double[] writerFrr =
                scores.writers().stream()
                        .filter(w -> w.genuine().length > 0)
                        .mapToDouble(w -> ErrorRates.frr(w.genuine(), t))
                        .sorted()
                        .toArray();
        if (writerFrr.length > 0) {
            m.put("frr_writer_median", quantile(writerFrr, 0.5));
            m.put("frr_writer_p90", quantile(writerFrr, 0.9));
            m.put("frr_writer_max", writerFrr[writerFrr.length - 1]);
        }
        m.put("writers", (double) scores.writers().size());
        m.put("writers_skipped", (double) scores.skipped().size());
        m.put("trials_genuine", (double) all.genuine().length);
        m.put("trials_skilled", (double) all.skilled().length);
        m.put("trials_random", (double) all.random().length);
        return m;
    }

    private static void review(Map<String, Double> m, DistanceSet all, ReviewBand band) {
        record Kind(String name, double[] distances) {}
        for (Kind kind :
                List.of(
                        new Kind("genuine", all.genuine()),
                        new Kind("skilled", all.skilled()),
                        new Kind("random", all.random()))) {
            if (kind.distances().length > 0) {
                m.put("review_" + kind.name(), share(kind.distances(), band::refers));
            }
        }
        if (all.genuine().length > 0) {
            m.put("frr_automatic", ErrorRates.frr(all.genuine(), band.forgedAbove()));
        }
        if (all.skilled().length > 0) {
            m.put("far_skilled_automatic", ErrorRates.far(all.skilled(), band.genuineAtMost()));
        }
        if (all.random().length > 0) {
            m.put("far_random_automatic", ErrorRates.far(all.random(), band.genuineAtMost()));
        }
    }

    private static double share(double[] values, DoublePredicate test) {
        return Arrays.stream(values).filter(test).count() / (double) values.length;
    }

    private static void eer(Map<String, Double> m, String name, double[] genuine, double[] forged) {
        if (genuine.length > 0 && forged.length > 0) {
            m.put(name, ErrorRates.eer(genuine, forged).rate());
        }
    }

    /** Mean squared difference between the calibrated P(genuine) and the truth, over all trials. */
    static double brier(DistanceSet all, ScoringRule rule) {
        double sum = 0;
        for (double d : all.genuine()) {
            sum += Math.pow(1 - rule.calibration().probabilityGenuine(d), 2);
        }
        for (double d : all.forgeries()) {
            sum += Math.pow(rule.calibration().probabilityGenuine(d), 2);
        }
        return sum / all.size();
    }

    /**
     * The q-quantile of sorted values, interpolating linearly between order statistics (the default
     * of R and numpy); NaN for none.
     */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
