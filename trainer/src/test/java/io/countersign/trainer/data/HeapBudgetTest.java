package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapBudgetTest {

    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;
    private static final int CANVAS = 155 * 220;

    @Test
    void theCorporaHereDoNotFitADefaultHeapOfTwoGigabytesAndSayWhatToAskFor() {
        // 13 746 canvases of 155 x 220 floats: 1.75 GiB, more than 85 % of 2 GiB
        assertThatThrownBy(() -> HeapBudget.require(13_746, CANVAS, TWO_GIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("13746 images")
                .hasMessageContaining("at least 1.7 GB")
                .hasMessageContaining("the JVM has 2.0 GB")
                .hasMessageContaining("JAVA_OPTS=-Xmx5g")
                .hasMessageContaining("--train-writer-share");
    }

    @Test
    void aCorpusThatFitsPasses() {
        assertThatCode(() -> HeapBudget.require(10_000, CANVAS, TWO_GIB))
                .doesNotThrowAnyException();
    }
}
