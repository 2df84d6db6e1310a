package io.countersign.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.countersign.trainer.model.DjlRuntime;
import org.junit.jupiter.api.Test;

class TripletLossTest {

    @Test
    void matchesHingeOnDistancesByHand() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given three triplets (anchor, positive, negative), margin 1:
            // d(a,p)=1 d(a,n)=5 -> 0; d(a,p)=5 d(a,n)=1 -> 5; d(a,p)=1 d(a,n)=1.5 -> 0.5
            float[] anchors = {0, 0, 0, 0, 1, 1};
            float[] positives = {0, 1, 3, 4, 1, 2};
            float[] negatives = {3, 4, 0, 1, 1, 2.5f};
            float[] stacked = new float[18];
            System.arraycopy(anchors, 0, stacked, 0, 6);
            System.arraycopy(positives, 0, stacked, 6, 6);
            System.arraycopy(negatives, 0, stacked, 12, 6);

            // When
            float loss =
                    new TripletLoss(1f)
                            .evaluate(
                                    new NDList(),
                                    new NDList(manager.create(stacked, new Shape(9, 2))))
                            .getFloat();

            // Then
            assertThat(loss).isCloseTo((0f + 5f + 0.5f) / 3f, within(1e-5f));
        }
    }
}
