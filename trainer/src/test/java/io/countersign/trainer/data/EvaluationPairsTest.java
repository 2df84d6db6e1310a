package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.trainer.evaluation.DistanceSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationPairsTest {

    @Test
    void pairsEveryKindAndMeasuresEuclideanDistances() {
        // Given two writers with 3 genuine + 1 forgery and 2 genuine + 0 forgeries
        List<WriterImages> writers =
                List.of(
                        new WriterImages(
                                "a",
                                List.of(new float[] {0, 0}, new float[] {0, 1}, new float[] {0, 2}),
                                List.of(new float[] {3, 4})),
                        new WriterImages(
                                "b", List.of(new float[] {10, 0}, new float[] {10, 1}), List.of()));

        // When: images embed to themselves
        EvaluationPairs pairs = new EvaluationPairs(writers, 100, 1);
        float[][] embeddings = pairs.images().toArray(new float[0][]);
        DistanceSet set = pairs.distances(embeddings);

        // Then: a has 3 genuine pairs and 3 skilled, b 1 genuine; random pairs match genuine counts
        assertThat(pairs.images()).hasSize(6);
        assertThat(set.genuine()).hasSize(4).contains(1.0, 2.0);
        assertThat(set.skilled()).hasSize(3).contains(5.0);
        assertThat(set.random()).hasSize(4);
        assertThat(java.util.Arrays.stream(set.random()).min().getAsDouble()).isGreaterThan(7.0);
    }

    @Test
    void capsPairsPerWriter() {
        List<WriterImages> writers =
                List.of(
                        new WriterImages(
                                "a",
                                List.of(new float[1], new float[1], new float[1], new float[1]),
                                List.of()),
                        new WriterImages("b", List.of(new float[1], new float[1]), List.of()));
        assertThat(new EvaluationPairs(writers, 2, 1).distances(new float[6][1]).genuine())
                .hasSize(3);
    }
}
