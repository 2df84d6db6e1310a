package io.countersign.trainer.evaluation;

/** How far a set of embeddings spreads: the scale an ensemble divides a member's embedding by. */
public final class EmbeddingSpread {

    private EmbeddingSpread() {}

    /** The root-mean-square distance of the embeddings from their mean. */
    public static double rms(float[][] embeddings) {
        if (embeddings.length == 0) {
            throw new IllegalArgumentException("no embeddings to measure");
        }
        int d = embeddings[0].length;
        double[] mean = new double[d];
        for (float[] e : embeddings) {
            for (int k = 0; k < d; k++) {
                mean[k] += e[k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= embeddings.length;
        }
        double sum = 0;
        for (float[] e : embeddings) {
            for (int k = 0; k < d; k++) {
                double delta = e[k] - mean[k];
                sum += delta * delta;
            }
        }
        return Math.sqrt(sum / embeddings.length);
    }
}
