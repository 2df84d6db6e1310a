package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PairSamplerTest {

    /** One-pixel images whose value names the writer (10 * w) and the kind (+1 for forgeries). */
    private static List<WriterImages> writers() {
        return List.of(
                new WriterImages("a", List.of(img(0), img(0), img(0)), List.of(img(1))),
                new WriterImages("b", List.of(img(10), img(10)), List.of(img(11), img(11))),
                new WriterImages("c", List.of(img(20), img(20)), List.of()));
    }

    private static float[] img(float v) {
        return new float[] {v};
    }

    @Test
    void drawsTheConfiguredMixOfPairKinds() {
        // Given the balanced mix 2:1:1
        PairSampler sampler = new PairSampler(writers(), PairMix.BALANCED);

        // When
        List<TrainingSample> pairs = sampler.pairs(4000, new Random(3));

        // Then: half genuine; writer c has no forgeries, so its skilled draws turn random
        Map<PairKind, Long> counts =
                pairs.stream()
                        .collect(
                                Collectors.groupingBy(TrainingSample::kind, Collectors.counting()));
        assertThat(counts.get(PairKind.GENUINE) / 4000.0).isCloseTo(0.5, within(0.03));
        assertThat(counts.get(PairKind.SKILLED) / 4000.0).isCloseTo(0.25 * 2 / 3, within(0.03));
        for (TrainingSample p : pairs) {
            float a = p.anchor()[0];
            float b = p.other()[0];
            assertThat(a % 10).as("anchors are genuine").isZero();
            switch (p.kind()) {
                case GENUINE -> assertThat(b).isEqualTo(a).isNotSameAs(null);
                case SKILLED -> assertThat(b).isEqualTo(a + 1);
                case RANDOM -> assertThat(b).isNotEqualTo(a).matches(v -> v % 10 == 0);
            }
        }
        // genuine pairs never pair an image with itself
        assertThat(pairs.stream().filter(p -> p.kind() == PairKind.GENUINE))
                .allMatch(p -> p.anchor() != p.other());
    }

    @Test
    void balancingCorporaDrawsEachCorpusAsOftenWhateverItsWriterCount() {
        // Given one corpus of 2 writers (anchor values 0, 10) and one of 8 (100, 110, ...)
        List<WriterImages> writers = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            String corpus = w < 2 ? "small" : "large";
            float v = w < 2 ? 10 * w : 100 + 10 * (w - 2);
            writers.add(
                    new WriterImages(
                            corpus + "/" + w, List.of(img(v), img(v)), List.of(img(v + 1))));
        }
        Random random = new Random(7);

        // When
        double balanced =
                shareOfSmallCorpus(new PairSampler(writers, PairMix.BALANCED, true), random);
        double uniform =
                shareOfSmallCorpus(new PairSampler(writers, PairMix.BALANCED, false), random);

        // Then: half of the anchors from the small corpus, against 2 writers in 10 without
        assertThat(balanced).isCloseTo(0.5, within(0.03));
        assertThat(uniform).isCloseTo(0.2, within(0.03));
    }

    private static double shareOfSmallCorpus(PairSampler sampler, Random random) {
        List<TrainingSample> pairs = sampler.pairs(2000, random);
        List<TrainingSample> triplets = sampler.triplets(2000, random);
        long small =
                Stream.concat(pairs.stream(), triplets.stream())
                        .filter(p -> p.anchor()[0] < 100)
                        .count();
        return small / 4000.0;
    }

    @Test
    void drawsTripletsWithGenuinePositivesAndForgedNegatives() {
        // When
        List<TrainingSample> triplets =
                new PairSampler(writers(), new PairMix(1, 1, 0)).triplets(500, new Random(5));

        // Then
        assertThat(triplets)
                .allMatch(t -> t.positive()[0] == t.anchor()[0] && t.positive() != t.anchor())
                .allMatch(t -> t.other()[0] != t.anchor()[0]);
        Map<PairKind, Long> kinds =
                triplets.stream()
                        .collect(
                                Collectors.groupingBy(TrainingSample::kind, Collectors.counting()));
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(PairKind.SKILLED, PairKind.RANDOM);
        assertThat(Function.identity()).isNotNull();
    }

    @Test
    void parsesPairMixes() {
        assertThat(PairMix.parse("2:1:1")).isEqualTo(PairMix.BALANCED);
        assertThat(PairMix.parse("1:0:1").toString()).isEqualTo("1:0:1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PairMix.parse("1:1"))
                .hasMessageContaining("genuine:skilled:random");
    }
}
