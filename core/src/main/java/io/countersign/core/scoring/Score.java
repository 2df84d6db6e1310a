package io.countersign.core.scoring;

/**
 * The outcome of comparing a questioned signature with a reference set.
 *
 * @param genuine whether the aggregate distance is within the threshold
 * @param distance the aggregate distance
 * @param referenceDistances the distance to each reference, in reference order
 * @param threshold the threshold the decision used
 * @param probabilityGenuine the calibrated probability that the signature is genuine
 */
public record Score(
        boolean genuine,
        double distance,
        double[] referenceDistances,
        double threshold,
        double probabilityGenuine) {}
