package io.countersign.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class SigNetTest {

    private static long parameterCount(SigNetVariant variant) {
        DjlRuntime.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlRuntime.PYTORCH)) {
            SequentialBlock block = SigNet.builder().setVariant(variant).build();
            Shape input = new Shape(2, 1, SigNetVariant.HEIGHT, SigNetVariant.WIDTH);
            block.initialize(manager, DataType.FLOAT32, input);
            assertThat(block.getOutputShapes(new Shape[] {input})[0])
                    .isEqualTo(new Shape(2, SigNetVariant.EMBEDDING_SIZE));
            return block.getParameters().stream()
                    .map(Pair::getValue)
                    .mapToLong(p -> p.getArray().size())
                    .sum();
        }
    }

    @Test
    void fullSigNetHasThePublishedSize() {
        // Given SigNet with a stride-1 first convolution: FC1 sees 256 x 17 x 25 features
        long count = parameterCount(SigNetVariant.SIGNET);

        // Then: about 113.9 M parameters, 111.4 M of them in FC1
        assertThat(count).isBetween(113_000_000L, 115_000_000L);
        assertThat(count).isGreaterThan(256L * 17 * 25 * 1024);
    }

    @Test
    void smallSigNetStaysSmall() {
        // When
        long count = parameterCount(SigNetVariant.SIGNET_S);

        // Then: float32 weights well under 25 MB
        assertThat(count * 4).isLessThan(10_000_000L);
        assertThat(count).isGreaterThan(1_000_000L);
    }

    @Test
    void parsesCommandLineNames() {
        assertThat(SigNetVariant.parse("signet-s")).isEqualTo(SigNetVariant.SIGNET_S);
        assertThat(SigNetVariant.parse("SigNet")).isEqualTo(SigNetVariant.SIGNET);
        assertThatThrownBy(() -> SigNetVariant.parse("resnet"))
                .hasMessageContaining("signet, signet-s");
        assertThatThrownBy(() -> SigNet.builder().build()).hasMessageContaining("setVariant");
    }
}
