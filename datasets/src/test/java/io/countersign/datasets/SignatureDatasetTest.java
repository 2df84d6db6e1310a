package io.countersign.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignatureDatasetTest {

    private static SignatureSample sample(String writer, int n, boolean genuine, String part) {
        return new SignatureSample(writer, Path.of(writer, n + ".png"), genuine, part);
    }

    private final SignatureSample a1 = sample("a", 1, true, "train");
    private final SignatureSample a2 = sample("a", 2, true, "train");
    private final SignatureSample af = sample("a", 3, false, "train");
    private final SignatureSample b1 = sample("b", 1, true, "test");
    private final SignatureDataset data =
            new SignatureDataset(
                    "fixture",
                    List.of(a1, a2, af, b1),
                    List.of(new SignaturePair(a1, a2, false), new SignaturePair(a1, af, true)));

    @Test
    void groupsSamplesByWriter() {
        assertThat(data.writers()).containsExactly("a", "b");
        assertThat(data.genuine("a")).containsExactly(a1, a2);
        assertThat(data.forgeries("a")).containsExactly(af);
        assertThat(data.forgeries("b")).isEmpty();
    }

    @Test
    void aPartitionKeepsItsSamplesAndPairs() {
        SignatureDataset test = data.partition("test");
        SignatureDataset train = data.partition("train");

        assertThat(data.partitions()).containsExactly("test", "train");
        assertThat(test.samples()).containsExactly(b1);
        assertThat(test.pairs()).isEmpty();
        assertThat(train.pairs()).hasSize(2);
        assertThat(data.ofWriters(Set.of("b")).samples()).containsExactly(b1);
    }

    @Test
    void theSummaryCountsWhatWasFound() {
        assertThat(data.summary())
                .isEqualTo(
                        "fixture: 2 writers, 3 genuine, 1 forged, 2 pairs listed"
                                + " (test: 1 writers, 1 images, train: 1 writers, 3 images)");
        assertThat(data.pairs().get(1).label()).isEqualTo(1);
    }
}
