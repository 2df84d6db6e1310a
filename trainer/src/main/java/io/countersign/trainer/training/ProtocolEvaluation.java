package io.countersign.trainer.training;

import io.countersign.trainer.evaluation.ProtocolFit;
import io.countersign.trainer.evaluation.ProtocolMetrics;
import io.countersign.trainer.evaluation.ProtocolScores;
import io.countersign.trainer.evaluation.ProtocolTrials;
import io.countersign.trainer.evaluation.WriterEmbeddings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service protocol after training: the scoring rule fitted on validation writers and the test
 * writers measured under it, per corpus and pooled.
 *
 * @param fit the rule, threshold and calibration for the card
 * @param test the test writers' scores under the rule; null where they were not measured
 * @param metrics card metrics: {@code validation_protocol_*} and, where the test writers were
 *     measured, {@code test_protocol_*}
 */
public record ProtocolEvaluation(
        ProtocolFit fit, ProtocolScores test, Map<String, Double> metrics) {

    /** Keeps an unmodifiable copy, in order. */
    public ProtocolEvaluation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * Fits on the validation writers and measures the test writers, K references each; with {@code
     * test} null, fits only.
     */
    public static ProtocolEvaluation run(
            List<WriterEmbeddings> validation, List<WriterEmbeddings> test, TrainingConfig config) {
        int k = config.references();
        ProtocolFit fit =
                ProtocolFit.fit(
                        ProtocolTrials.draws(
                                validation,
                                k,
                                ProtocolTrials.DEFAULT_RANDOM_WRITERS,
                                config.seed() + 3,
                                ProtocolTrials.FIT_DRAWS),
                        k,
                        config.targetFar(),
                        config.calibrationTarget(),
                        config.thresholdRule(),
                        config.bandEdges(),
                        null);
        Map<String, Double> metrics = new LinkedHashMap<>();
        ProtocolScores scores = null;
        if (test != null) {
            scores =
                    ProtocolTrials.draw(
                                    test,
                                    k,
                                    ProtocolTrials.DEFAULT_RANDOM_WRITERS,
                                    config.seed() + 4)
                            .score(fit.rule());
            ProtocolMetrics.flatten(
                            ProtocolMetrics.groups(
                                    scores, fit.rule(), Optional.of(fit.reviewBand())))
                    .forEach((name, value) -> metrics.put("test_protocol_" + name, value));
        }
        metrics.putAll(fit.validationMetrics());
        return new ProtocolEvaluation(fit, scores, metrics);
    }
}
