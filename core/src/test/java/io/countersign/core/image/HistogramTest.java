package io.countersign.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void countsEveryLevelOfEveryLengthAsOneCountAtATimeWould() {
        Random random = new Random(7);
        // Lengths on both sides of the four-way stride, and a page-sized one
        for (int length : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 1003, 120_001}) {
            byte[] levels = new byte[length];
            random.nextBytes(levels);
            int[] expected = new int[256];
            for (byte level : levels) {
                expected[level & 0xff]++;
            }

            assertThat(Histogram.of(levels)).as("length %d", length).containsExactly(expected);
        }
    }
}
