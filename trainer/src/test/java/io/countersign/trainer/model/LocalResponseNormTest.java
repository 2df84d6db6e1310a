package io.countersign.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LocalResponseNormTest {

    @Test
    void normalisesEachChannelByItsNeighboursAsComputedByHand() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given channels 1, 2, 3 at one pixel, size 3, alpha 3 (alpha/size = 1), beta 1, k 1
            NDArray x = manager.create(new float[] {1, 2, 3}, new Shape(1, 3, 1, 1));

            // When
            float[] y = LocalResponseNorm.apply(x, 3, 3f, 1f, 1f).toFloatArray();

            // Then: 1/(1+0+1+4), 2/(1+1+4+9), 3/(1+4+9+0): the padding counts as zero
            assertThat(y[0]).isCloseTo(1f / 6f, within(1e-6f));
            assertThat(y[1]).isCloseTo(2f / 15f, within(1e-6f));
            assertThat(y[2]).isCloseTo(3f / 14f, within(1e-6f));
        }
    }

    @Test
    void usesSigNetParametersPerPixel() {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            // Given five channels 1..5 at two pixels (the second pixel doubled), SigNet's LRN
            float[] values = {1, 2, 2, 4, 3, 6, 4, 8, 5, 10};
            NDArray x = manager.create(values, new Shape(1, 5, 1, 2));
            LocalResponseNorm block = new LocalResponseNorm(5, 1e-4f, 0.75f, 2f);

            // When
            float[] y = LocalResponseNorm.apply(x, 5, 1e-4f, 0.75f, 2f).toFloatArray();

            // Then: the middle channel sees all five: 3 / (2 + 1e-4 * 55/5)^0.75, and 6 / (2 +
            // 1e-4 * 220/5)^0.75 at the second pixel; the first channel sees channels 0..2
            assertThat(y[4])
                    .isCloseTo((float) (3 / Math.pow(2 + 1e-4 * 55 / 5, 0.75)), within(1e-6f));
            assertThat(y[5])
                    .isCloseTo((float) (6 / Math.pow(2 + 1e-4 * 220 / 5, 0.75)), within(1e-6f));
            assertThat(y[0])
                    .isCloseTo((float) (1 / Math.pow(2 + 1e-4 * 14 / 5, 0.75)), within(1e-6f));
            assertThat(block.getOutputShapes(new Shape[] {x.getShape()})[0])
                    .isEqualTo(x.getShape());
        }
    }
}
