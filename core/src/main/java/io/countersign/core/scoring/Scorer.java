package io.countersign.core.scoring;

import io.countersign.core.model.Calibration;
import java.util.List;

/** Scores a questioned embedding against a customer's reference embeddings. */
public final class Scorer {

    private Scorer() {}

    /** Genuine iff the aggregated distance is at most {@code threshold}. */
    public static Score score(
            float[] questioned,
            List<float[]> references,
            Aggregation aggregation,
            double threshold,
            Calibration calibration) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("a reference set needs at least one embedding");
        }
        double[] distances = new double[references.size()];
        for (int i = 0; i < distances.length; i++) {
            distances[i] = Distances.euclidean(questioned, references.get(i));
        }
        double distance = aggregation.apply(distances);
        return new Score(
                distance <= threshold,
                distance,
                distances,
                threshold,
                calibration.probabilityGenuine(distance));
    }
}
