package io.countersign.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LrnExpansionTest {

    @ParameterizedTest(name = "{0} channels, size {1}, beta {2}")
    @CsvSource({
        "7, 5, 0.75", // SigNet's LRN, the square-root path, channels at both edges of the window
        "9, 7, 0.75", // a wider window
        "5, 3, 0.6" // another power: the Pow path
    })
    void theExpandedGraphComputesOnnxRuntimesLrn(int channels, int size, float beta)
            throws Exception {
        // Given a graph with an LRN, and its expansion
        OnnxMl.ModelProto lrn = LrnGraphs.convReluLrn(channels, size, beta, 3);
        OnnxMl.ModelProto expanded = LrnExpansion.expand(lrn);

        // When both run on the same two images through ONNX Runtime
        Random random = new Random(5);
        float[] images = new float[2 * 21 * 26];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian() * 3;
        }
        long[] shape = {2, 1, 21, 26};
        float[] expected = LrnGraphs.run(lrn, images, shape);
        float[] actual = LrnGraphs.run(expanded, images, shape);

        // Then no LRN is left and the outputs agree to float rounding
        assertThat(LrnExpansion.hasLrn(lrn)).isTrue();
        assertThat(LrnExpansion.hasLrn(expanded)).isFalse();
        assertThat(actual).hasSameSizeAs(expected);
        float largest = 0;
        for (float v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertThat(largest).isGreaterThan(0.5f);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]))
                    .as("output %d", i)
                    .isLessThan(1e-5f * largest);
        }
    }

    @Test
    void aGraphWithoutLrnIsLeftAsItIs() {
        OnnxMl.ModelProto expanded = LrnExpansion.expand(LrnGraphs.convReluLrn(4, 5, 0.75f, 1));

        assertThat(LrnExpansion.expand(expanded)).isSameAs(expanded);
    }

    @Test
    void anLrnWhoseChannelCountCannotBeReadIsRefusedWithTheTensorsName() {
        // An LRN straight on the graph input: no convolution says how many channels it has
        OnnxMl.ModelProto model = LrnGraphs.convReluLrn(4, 5, 0.75f, 1);
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        graph.setNode(2, graph.getNode(2).toBuilder().setInput(0, "image"));

        assertThatThrownBy(() -> LrnExpansion.expand(model.toBuilder().setGraph(graph).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LRN on image")
                .hasMessageContaining("channel count");
    }
}
