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
 */
public final class WriterBootstrap {

    /**
     * Resamples per interval: enough for stable 2.5 % and 97.5 % points, cheap beside embedding.
     */
    static final int RESAMPLES = 1000;

    private static final long SEED = 20261205L;

    private WriterBootstrap() {}

    /**
     * The 2.5 % and 97.5 % points of the skilled EER over resampled writers; empty where fewer than
     * two writers have both genuine and skilled trials.
     */
    public static double[] skilledEerInterval(ProtocolScores scores) {
        List<double[][]> units = units(scores);
        if (units.size() < 2) {
            return new double[0];
        }
        Random random = new Random(SEED);
        double[] eers = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            List<double[]> genuine = new ArrayList<>();
            List<double[]> skilled = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                double[][] unit = units.get(random.nextInt(units.size()));
                genuine.add(unit[0]);
                skilled.add(unit[1]);
            }
            eers[r] = ErrorRates.eer(concat(genuine), concat(skilled)).rate();
        }
        Arrays.sort(eers);
        return new double[] {
            ProtocolMetrics.quantile(eers, 0.025), ProtocolMetrics.quantile(eers, 0.975)
        };
    }

    /** Each writer's genuine and skilled trials over all draws, in order of first appearance. */
    private static List<double[][]> units(ProtocolScores scores) {
        Map<String, List<ProtocolScores.WriterScores>> byWriter = new LinkedHashMap<>();
        for (ProtocolScores.WriterScores w : scores.writers()) {
            byWriter.computeIfAbsent(w.writer(), k -> new ArrayList<>()).add(w);
        }
        List<double[][]> units = new ArrayList<>();
        for (List<ProtocolScores.WriterScores> draws : byWriter.values()) {
            double[] genuine =
                    concat(draws.stream().map(ProtocolScores.WriterScores::genuine).toList());
            double[] skilled =
                    concat(draws.stream().map(ProtocolScores.WriterScores::skilled).toList());
            if (genuine.length > 0 && skilled.length > 0) {
                units.add(new double[][] {genuine, skilled});
            }
        }
        return units;
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
