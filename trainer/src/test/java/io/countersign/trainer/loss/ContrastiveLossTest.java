package io.countersign.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.countersign.trainer.model.DjlRuntime;
import org.junit.jupiter.api.Test;

class ContrastiveLossTest {

    @Test
    void matchesHadsellChopraLeCunByHand() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given three pairs: genuine at d=5, forgery at d=1, forgery at d=5; margin 2
            float[] first = {0, 0, 0, 0, 0, 0};
            float[] second = {3, 4, 0, 1, 3, 4};
            float[] stacked = new float[12];
            System.arraycopy(first, 0, stacked, 0, 6);
            System.arraycopy(second, 0, stacked, 6, 6);
            NDList predictions = new NDList(manager.create(stacked, new Shape(6, 2)));
            NDList labels = new NDList(manager.create(new float[] {1, 0, 0}));

            // When
            float loss = new ContrastiveLoss(2f).evaluate(labels, predictions).getFloat();

            // Then: (25/2 + (2-1)^2/2 + 0) / 3
            assertThat(loss).isCloseTo((12.5f + 0.5f + 0f) / 3f, within(1e-5f));
        }
    }

    @Test
    void genuinePairsCostTheirSquaredDistanceAndFarForgeriesNothing() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given one pair at distance 1, scored once as genuine and once as a forgery, margin
            // 0.5
            NDList predictions =
                    new NDList(manager.create(new float[] {0, 0, 0, 1}, new Shape(2, 2)));
            ContrastiveLoss loss = new ContrastiveLoss(0.5f);

            // When / Then
            assertThat(
                            loss.evaluate(new NDList(manager.create(new float[] {1})), predictions)
                                    .getFloat())
                    .isCloseTo(0.5f, within(1e-6f));
            assertThat(
                            loss.evaluate(new NDList(manager.create(new float[] {0})), predictions)
                                    .getFloat())
                    .isCloseTo(0f, within(1e-6f));
        }
    }
}
