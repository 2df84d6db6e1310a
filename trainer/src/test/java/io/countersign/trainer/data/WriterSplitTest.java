package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignatureSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriterSplitTest {

    private static SignatureDataset dataset(int writers, String partition) {
        List<SignatureSample> samples = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < 3; i++) {
                String id = String.format("%03d", w);
                samples.add(
                        new SignatureSample(id, Path.of(id + "_" + i + ".png"), i < 2, partition));
            }
        }
        return new SignatureDataset("test", samples);
    }

    @Test
    void splitsWritersDisjointlyAndRepeatably() {
        // Given 20 writers without predefined partitions
        SignatureDataset data = dataset(20, "");

        // When
        WriterSplit split = WriterSplit.of(data, 0.15, 0.2, 42);
        WriterSplit again = WriterSplit.of(data, 0.15, 0.2, 42);
        WriterSplit other = WriterSplit.of(data, 0.15, 0.2, 43);

        // Then: 4 test, 3 validation, 13 train, no writer twice, all writers used
        assertThat(split.test()).hasSize(4);
        assertThat(split.validation()).hasSize(3);
        assertThat(split.train()).hasSize(13);
        Set<String> all = new HashSet<>(split.train());
        all.addAll(split.validation());
        all.addAll(split.test());
        assertThat(all).hasSize(20);
        assertThat(again).isEqualTo(split);
        assertThat(other).isNotEqualTo(split);
    }

    @Test
    void keepsAPredefinedTestPartitionAsTheTestSplit() {
        // Given writers 000-009 in train and (renumbered) 010-013 in test
        List<SignatureSample> samples = new ArrayList<>(dataset(10, "train").samples());
        for (SignatureSample s : dataset(14, "test").samples()) {
            if (Integer.parseInt(s.writer()) >= 10) {
                samples.add(s);
            }
        }
        SignatureDataset data = new SignatureDataset("sign_data", samples);

        // When
        WriterSplit split = WriterSplit.of(data, 0.15, 0.2, 1);

        // Then
        assertThat(split.test()).containsExactlyInAnyOrder("010", "011", "012", "013");
        assertThat(split.train()).doesNotContainAnyElementsOf(split.test());
        assertThat(split.validation()).hasSize(2).doesNotContainAnyElementsOf(split.train());
    }

    @Test
    void refusesAWriterInTwoSplits() {
        assertThatThrownBy(() -> new WriterSplit(List.of("a"), List.of("a"), List.of()))
                .hasMessageContaining("writer a is in two splits");
    }

    @Test
    void everyCorpusGivesItsOwnValidationAndTestWritersAndNoneIsShared() {
        // Given two corpora of 20 writers each, one with predefined partitions
        List<SignatureSample> samples = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            for (int i = 0; i < 3; i++) {
                samples.add(
                        new SignatureSample(
                                "a/" + w,
                                Path.of("a" + w + i + ".png"),
                                i < 2,
                                w < 5 ? "test" : "train"));
                samples.add(
                        new SignatureSample("b/" + w, Path.of("b" + w + i + ".png"), i < 2, ""));
            }
        }
        SignatureDataset data = new SignatureDataset("two corpora", samples);

        WriterSplit split = WriterSplit.of(data, 0.15, 0.2, 42);

        // Then: corpus a tests on its test partition, b on 4 shuffled writers; both validate
        assertThat(split.test().stream().filter(w -> w.startsWith("a/")))
                .containsExactlyInAnyOrder("a/0", "a/1", "a/2", "a/3", "a/4");
        assertThat(split.test().stream().filter(w -> w.startsWith("b/"))).hasSize(4);
        assertThat(split.validation().stream().filter(w -> w.startsWith("a/"))).isNotEmpty();
        assertThat(split.validation().stream().filter(w -> w.startsWith("b/"))).hasSize(3);
        Set<String> all = new HashSet<>(split.train());
        all.addAll(split.validation());
        all.addAll(split.test());
        assertThat(all).hasSize(40);
        assertThat(split.train().size() + split.validation().size() + split.test().size())
                .isEqualTo(40);
    }

    @Test
    void aShareOfTheTrainingWritersIsDrawnInEachCorpusAndTheHeldOutWritersStay() {
        // Given two corpora of 40 and 20 writers, split as usual
        List<SignatureSample> samples = new ArrayList<>();
        for (int w = 0; w < 40; w++) {
            for (int i = 0; i < 3; i++) {
                samples.add(new SignatureSample("a/" + w, Path.of("a" + w + i), i < 2, ""));
                if (w < 20) {
                    samples.add(new SignatureSample("b/" + w, Path.of("b" + w + i), i < 2, ""));
                }
            }
        }
        WriterSplit split = WriterSplit.of(new SignatureDataset("two", samples), 0.15, 0.2, 42);

        // When half the training writers are kept
        WriterSplit half = split.withTrainShare(0.5, 42);

        // Then: half of each corpus's training writers (26 of a, 13 of b), a subset of them,
        // the same draw again, another with another seed, and the held-out writers untouched
        assertThat(half.train().stream().filter(w -> w.startsWith("a/"))).hasSize(13);
        assertThat(half.train().stream().filter(w -> w.startsWith("b/"))).hasSize(7);
        assertThat(split.train()).containsAll(half.train());
        assertThat(half.validation()).isEqualTo(split.validation());
        assertThat(half.test()).isEqualTo(split.test());
        assertThat(split.withTrainShare(0.5, 42)).isEqualTo(half);
        assertThat(split.withTrainShare(0.5, 7).train()).isNotEqualTo(half.train());
        assertThat(split.withTrainShare(1, 42)).isSameAs(split);
        // And a run reads only its writers: not the training writers left out, nor the test
        // writers when it skips them
        assertThat(half.read(true)).hasSize(20 + 9 + 12).containsAll(half.test());
        assertThat(half.read(false)).hasSize(20 + 9).doesNotContainAnyElementsOf(split.test());
    }
}
