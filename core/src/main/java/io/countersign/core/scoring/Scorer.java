package io.countersign.core.scoring;

import io.countersign.core.image.ImageTone;
import io.countersign.core.model.Calibration;
import java.util.List;

/** Scores a questioned embedding against a customer's reference embeddings. */
public final class Scorer {

    private Scorer() {}

    /** Genuine iff the aggregated distance is at most {@code threshold} (no normalisation). */
    public static Score score(
            float[] questioned,
            List<float[]> references,
            Aggregation aggregation,
            double threshold,
            Calibration calibration) {
        return score(
                questioned,
                references,
                Double.NaN,
                ScoringRule.plain(aggregation, threshold, calibration));
    }

    /**
     * Scores a questioned image against the references in one view ({@link
     * ReferenceViews#viewFor}), with that view's spread.
     *
     * @param questioned the questioned image's embedding in that view (of its bitonal view where a
     *     grey image is compared as bitonal)
     */
    public static Score score(
            float[] questioned, ImageTone view, ReferenceViews references, ScoringRule rule) {
        return score(questioned, references.in(view), references.spreadIn(view), rule);
    }

    /**
     * Scores a questioned image against the references in one view and with the pen nearest its ink
     * level ({@link ReferenceViews#penFor}): how the service and the trainer's protocol score.
     *
     * @param inkLevel the questioned image's log ink level in that view (core's {@code InkLevel}),
     *     NaN to compare with the references as enrolled
     */
    public static Score score(
            float[] questioned,
            ImageTone view,
            double inkLevel,
            ReferenceViews references,
            ScoringRule rule) {
        return score(questioned, view, references.penFor(view, inkLevel), rule);
    }

    /**
     * Scores with a full rule: per-reference distances, aggregated, normalised by the customer's
     * reference spread where the rule says so, then thresholded and calibrated. The score's
     * distance is the normalised one, the number the threshold was compared with.
     *
     * @param spread the reference set's own spread ({@link ReferenceSpread#of}), NaN if unknown
     */
    public static Score score(
            float[] questioned, List<float[]> references, double spread, ScoringRule rule) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("a reference set needs at least one embedding");
        }
        double[] distances = new double[references.size()];
        for (int i = 0; i < distances.length; i++) {
            distances[i] = Distances.euclidean(questioned, references.get(i));
        }
        double distance =
                rule.normalise(rule.aggregation().apply(distances), spread, references.size());
        return new Score(
                distance <= rule.threshold(),
                distance,
                distances,
                rule.threshold(),
                rule.calibration().probabilityGenuine(distance));
    }
}
