package io.countersign.trainer.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A 95 % interval for the skilled-forgery EER from resampling writers with replacement (the
 * percentile bootstrap): writers, not trials, are the independent units, so a figure over six
 * writers gets the wide interval it deserves. A writer scored in several enrolment draws is one
 * unit with all its trials. Seeded, so a table reads the same every time.
 *
 * <p>Two models scored on the same writers and enrolment draws are compared the same way, paired:
 * each resample draws writers once and measures both models on them, so what the writers have in
 * common (an easy writer is easy for both) cancels out of the difference, and the interval says
 * whether one model is better on writers like these or only on these.
 */
public final class WriterBootstrap {

    /**
     * Resamples per interval: enough for stable 2.5 % and 97.5 % points, cheap beside embedding.
     */
    public static final int RESAMPLES = 1000;

    private static final long SEED = 20261205L;

    private WriterBootstrap() {}

    /**
     * The 2.5 % and 97.5 % points of the skilled EER over resampled writers; empty where fewer than
     * two writers have both genuine and skilled trials.
     */
    public static double[] skilledEerInterval(ProtocolScores scores) {
        Map<String, double[][]> units = units(scores);
        List<String> writers = List.copyOf(units.keySet());
        if (writers.size() < 2) {
            return new double[0];
        }
        Random random = new Random(SEED);
        double[] eers = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            eers[r] = skilledEer(resample(writers, random), units);
        }
        Arrays.sort(eers);
        return new double[] {
            ProtocolMetrics.quantile(eers, 0.025), ProtocolMetrics.quantile(eers, 0.975)
        };
    }

    /**
     * Two models' skilled EER on the same writers and draws, and their difference with a paired
     * bootstrap interval.
     *
     * @param model the skilled EER of the model under test, on all the writers
     * @param baseline the baseline's, on the same writers
     * @param low the 2.5 % point of the difference (model - baseline) over resampled writers, NaN
     *     for fewer than two writers
     * @param high its 97.5 % point
     * @param shareBetter the share of resamples in which the model's EER is lower
     */
    public record Difference(
            double model, double baseline, double low, double high, double shareBetter) {

        /** The model's skilled EER less the baseline's: negative where the model is better. */
        public double difference() {
            return model - baseline;
        }
    }

    /**
     * Compares two models' skilled EER writer by writer.
     *
     * @throws IllegalArgumentException where the two were not scored on the same writers
     */
    public static Difference skilledEerDifference(ProtocolScores model, ProtocolScores baseline) {
        Map<String, double[][]> a = units(model);
        Map<String, double[][]> b = units(baseline);
        if (!a.keySet().equals(b.keySet())) {
            throw new IllegalArgumentException(
                    "the two models were scored on different writers ("
                            + a.size()
                            + " and "
                            + b.size()
                            + "): compare them on the same data, split and draws");
        }
        List<String> writers = List.copyOf(a.keySet());
        double observedModel =
                ErrorRates.eer(model.pooled().genuine(), model.pooled().skilled()).rate();
        double observedBaseline =
                ErrorRates.eer(baseline.pooled().genuine(), baseline.pooled().skilled()).rate();
        if (writers.size() < 2) {
            return new Difference(
                    observedModel, observedBaseline, Double.NaN, Double.NaN, Double.NaN);
        }
        Random random = new Random(SEED);
        double[] differences = new double[RESAMPLES];
        int better = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            List<String> drawn = resample(writers, random);
            differences[r] = skilledEer(drawn, a) - skilledEer(drawn, b);
            better += differences[r] < 0 ? 1 : 0;
        }
        Arrays.sort(differences);
        return new Difference(
                observedModel,
                observedBaseline,
                ProtocolMetrics.quantile(differences, 0.025),
                ProtocolMetrics.quantile(differences, 0.975),
                better / (double) RESAMPLES);
    }

    /** As many writers as there are, drawn with replacement. */
    private static List<String> resample(List<String> writers, Random random) {
        List<String> drawn = new ArrayList<>(writers.size());
        for (int i = 0; i < writers.size(); i++) {
            drawn.add(writers.get(random.nextInt(writers.size())));
        }
        return drawn;
    }

    /** The skilled EER of the drawn writers' trials, pooled. */
    private static double skilledEer(List<String> writers, Map<String, double[][]> units) {
        List<double[]> genuine = new ArrayList<>();
        List<double[]> skilled = new ArrayList<>();
        for (String writer : writers) {
            genuine.add(units.get(writer)[0]);
            skilled.add(units.get(writer)[1]);
        }
        return ErrorRates.eer(concat(genuine), concat(skilled)).rate();
    }

    /** Each writer's genuine and skilled trials over all draws, in order of first appearance. */
    private static Map<String, double[][]> units(ProtocolScores scores) {
        Map<String, List<ProtocolScores.WriterScores>> byWriter = new LinkedHashMap<>();
        for (ProtocolScores.WriterScores w : scores.writers()) {
            byWriter.computeIfAbsent(w.writer(), k -> new ArrayList<>()).add(w);
        }
        Map<String, double[][]> units = new LinkedHashMap<>();
        for (Map.Entry<String, List<ProtocolScores.WriterScores>> entry : byWriter.entrySet()) {
            List<ProtocolScores.WriterScores> draws = entry.getValue();
            double[] genuine =
                    concat(draws.stream().map(ProtocolScores.WriterScores::genuine).toList());
            double[] skilled =
                    concat(draws.stream().map(ProtocolScores.WriterScores::skilled).toList());
            if (genuine.length > 0 && skilled.length > 0) {
                units.put(entry.getKey(), new double[][] {genuine, skilled});
            }
        }
        return units;
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
