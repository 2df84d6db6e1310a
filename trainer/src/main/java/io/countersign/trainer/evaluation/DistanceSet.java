package io.countersign.trainer.evaluation;

import java.util.Arrays;
import java.util.stream.DoubleStream;

/**
 * Embedding distances of evaluation pairs by kind: genuine-genuine, genuine-skilled forgery and
 * genuine-random forgery (a genuine signature of another writer).
 */
public record DistanceSet(double[] genuine, double[] skilled, double[] random) {

    /** Copies the arrays so the record stays immutable. */
    public DistanceSet {
        genuine = genuine.clone();
        skilled = skilled.clone();
        random = random.clone();
    }

    /** Every forgery distance, skilled then random. */
    public double[] forgeries() {
        return DoubleStream.concat(Arrays.stream(skilled), Arrays.stream(random)).toArray();
    }

    /**
     * The forgeries a decision threshold is set against: skilled ones where the data has them (the
     * case that matters for a bank), random ones otherwise.
     */
    public double[] thresholdForgeries() {
        return skilled.length > 0 ? skilled : random;
    }

    /** The equal error rate against {@link #thresholdForgeries()}. */
    public double eer() {
        return ErrorRates.eer(genuine, thresholdForgeries()).rate();
    }

    /** Number of pairs. */
    public int size() {
        return genuine.length + skilled.length + random.length;
    }
}
