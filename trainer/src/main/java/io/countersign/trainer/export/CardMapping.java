package io.countersign.trainer.export;

import io.countersign.core.model.Calibration;
import io.countersign.core.model.ModelCard;
import io.countersign.core.model.Thresholds;
import io.countersign.core.preprocess.PreprocessingSpec;
import io.countersign.trainer.evaluation.LogisticCalibration;
import io.countersign.trainer.evaluation.OperatingPoint;
import io.countersign.trainer.model.SigNetVariant;
import java.util.Map;

/** Maps the trainer's results to core's model card and back. */
public final class CardMapping {

    private CardMapping() {}

    /** The card of a trained model. */
    public static ModelCard card(
            String version,
            SigNetVariant variant,
            PreprocessingSpec spec,
            OperatingPoint point,
            Map<String, Object> training,
            Map<String, Double> metrics) {
        return new ModelCard(
                version,
                variant.id(),
                OnnxExporter.INPUT,
                OnnxExporter.OUTPUT,
                spec.height(),
                spec.width(),
                spec.mean(),
                spec.std(),
                SigNetVariant.EMBEDDING_SIZE,
                new Thresholds(point.eerThreshold(), point.targetFar(), point.atTargetFar()),
                new Calibration(point.calibration().intercept(), point.calibration().slope()),
                null,
                training,
                metrics);
    }

    /** The operating point a card records (validation EER from its metrics, if present). */
    public static OperatingPoint operatingPoint(ModelCard card) {
        return new OperatingPoint(
                card.thresholds().eer(),
                card.metrics().getOrDefault("validation_eer", Double.NaN),
                card.thresholds().targetFar(),
                card.thresholds().atTargetFar(),
                new LogisticCalibration(
                        card.calibration().intercept(), card.calibration().slope()));
    }
}
