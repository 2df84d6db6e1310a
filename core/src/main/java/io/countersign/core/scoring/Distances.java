package io.countersign.core.scoring;

/** Distances between embeddings. */
public final class Distances {

    private Distances() {}

    /** The Euclidean distance, the metric SigNet's contrastive loss trains. */
    public static double euclidean(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "embeddings differ in length: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
