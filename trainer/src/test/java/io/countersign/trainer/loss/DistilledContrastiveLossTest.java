package io.countersign.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.countersign.trainer.model.DjlRuntime;
import org.junit.jupiter.api.Test;

class DistilledContrastiveLossTest {

    @Test
    void addsTheWeightedSquaredGapToTheTeachersScaledDistancesByHand() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given the pairs of ContrastiveLossTest (genuine at d=5, forgeries at d=1 and d=5,
            // margin 2), whose teacher says 2, 1 and 4, scaled by 2 to the student's units
            float[] stacked = {0, 0, 0, 0, 0, 0, 3, 4, 0, 1, 3, 4};
            NDList predictions = new NDList(manager.create(stacked, new Shape(6, 2)));
            NDList labels =
                    new NDList(
                            manager.create(new float[] {1, 0, 0}),
                            manager.create(new float[] {2, 1, 4}));
            DistilledContrastiveLoss loss = new DistilledContrastiveLoss(2f, 0.5f);
            loss.scale(2f);

            // When
            float value = loss.evaluate(labels, predictions).getFloat();

            // Then: contrastive (12.5 + 0.5 + 0) / 3, plus 0.5 · ((5-4)² + (1-2)² + (5-8)²) / 3
            assertThat(value).isCloseTo(13f / 3f + 0.5f * 11f / 3f, within(1e-4f));
        }
    }

    @Test
    void refusesToScoreWithoutTheTeachersScaleOrDistances() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            NDList predictions =
                    new NDList(manager.create(new float[] {0, 0, 0, 1}, new Shape(2, 2)));
            DistilledContrastiveLoss loss = new DistilledContrastiveLoss(1f, 1f);
            NDList onlyPairLabels = new NDList(manager.create(new float[] {1}));

            assertThatThrownBy(() -> loss.evaluate(onlyPairLabels, predictions))
                    .hasMessageContaining("scale was not set");
            loss.scale(1f);
            assertThatThrownBy(() -> loss.evaluate(onlyPairLabels, predictions))
                    .hasMessageContaining("two label arrays");
            assertThatThrownBy(() -> loss.scale(0f)).hasMessageContaining("must be positive");
            assertThatThrownBy(() -> new DistilledContrastiveLoss(1f, 0f))
                    .hasMessageContaining("must be positive");
        }
    }
}
