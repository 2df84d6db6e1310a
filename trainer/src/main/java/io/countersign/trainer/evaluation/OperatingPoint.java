package io.countersign.trainer.evaluation;

/**
 * The decision settings chosen on the validation split: the threshold at the equal error rate, the
 * threshold at a target false acceptance rate and the calibration.
 */
public record OperatingPoint(
        double eerThreshold,
        double validationEer,
        double targetFar,
        double atTargetFar,
        LogisticCalibration calibration) {

    /** Chooses the settings from validation distances. */
    public static OperatingPoint fit(DistanceSet validation, double targetFar) {
        double[] forgeries = validation.thresholdForgeries();
        ErrorRates.Eer eer = ErrorRates.eer(validation.genuine(), forgeries);
        return new OperatingPoint(
                eer.threshold(),
                eer.rate(),
                targetFar,
                ErrorRates.thresholdAtFar(forgeries, targetFar),
                LogisticCalibration.fit(validation.genuine(), validation.forgeries()));
    }
}
