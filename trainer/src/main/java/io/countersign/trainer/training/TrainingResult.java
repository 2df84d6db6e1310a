package io.countersign.trainer.training;

import io.countersign.trainer.data.WriterSplit;
import io.countersign.trainer.evaluation.DistanceSet;
import io.countersign.trainer.evaluation.OperatingPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: the epochs, the chosen epoch, the scoring rule fitted on validation
 * writers under the service protocol with the test writers measured under it, the pair metrics, and
 * where the model directory is.
 *
 * @param initialValidationEer validation EER of the untrained network, for comparison
 * @param operatingPoint the settings fitted on validation pairs, for the pair metrics only (the
 *     card's threshold and calibration are {@code protocol}'s)
 * @param testMetrics test pair metrics at {@code operatingPoint}; empty where the run did not
 *     measure its test writers ({@link TrainingConfig#measureTest()})
 * @param testDistances test pair distances; null where the run did not measure them
 * @param protocol the service-protocol fit and test metrics, which the card carries
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
        ProtocolEvaluation protocol,
        Path modelDirectory) {

    /** Mean training throughput over all epochs run in this process (pairs per second). */
    public double pairsPerSecond() {
        return history.stream().mapToDouble(EpochStats::pairsPerSecond).average().orElse(0);
    }
}
