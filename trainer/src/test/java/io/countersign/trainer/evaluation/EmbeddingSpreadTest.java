package io.countersign.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmbeddingSpreadTest {

    @Test
    void isTheRootMeanSquareDistanceFromTheMean() {
        // mean (1, 0); squared distances 4, 4, 0, 0 -> sqrt(8 / 4)
        float[][] embeddings = {{-1, 0}, {3, 0}, {1, 0}, {1, 0}};
        assertThat(EmbeddingSpread.rms(embeddings)).isCloseTo(Math.sqrt(2), within(1e-9));
    }
}
