package io.countersign.trainer.training;

import io.countersign.trainer.data.WriterSplit;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.OperatingPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: the epochs, the chosen epoch, the operating point from validation
 * and the test metrics, and where the model directory is.
 *
 * @param initialValidationEer validation EER of the untrained network, for comparison
 */
public record TrainingResult(
        TrainingConfig config,
        WriterSplit split,
        List<EpochStats> history,
        double initialValidationEer,
        int bestEpoch,
        double bestValidationEer,
        OperatingPoint operatingPoint,
        Map<String, Double> testMetrics,
        DistanceSet testDistances,
        Path modelDirectory) {

    /** Mean training throughput over all epochs run in this process (pairs per second). */
    public double pairsPerSecond() {
        return history.stream().mapToDouble(EpochStats::pairsPerSecond).average().orElse(0);
    }
}
