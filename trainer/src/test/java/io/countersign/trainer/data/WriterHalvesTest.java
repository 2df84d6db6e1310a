package io.countersign.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriterHalvesTest {

    private static List<String> writers(String corpus, int count) {
        List<String> names = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            names.add(corpus + String.format("%03d", w));
        }
        return names;
    }

    @Test
    void cutsEachCorpusInTwoDisjointlyAndRepeatably() {
        // Given 7 writers of one corpus and 4 of another
        List<String> all = new ArrayList<>(writers("dutch/", 7));
        all.addAll(writers("hindi/", 4));

        // When cut twice with one seed, once listed in another order, and with another seed
        WriterHalves halves = WriterHalves.of(all, 45);
        List<String> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        WriterHalves again = WriterHalves.of(reversed, 45);
        WriterHalves other = WriterHalves.of(all, 46);

        // Then every writer is in exactly one half, each corpus is cut (the larger half fitted on),
        // and the cut depends on the seed, not on the order the writers came in
        Set<String> union = new HashSet<>(halves.fitted());
        union.addAll(halves.measured());
        assertThat(union).containsExactlyInAnyOrderElementsOf(all);
        assertThat(halves.fitted()).hasSize(4 + 2).doesNotContainAnyElementsOf(halves.measured());
        assertThat(halves.fitted().stream().filter(w -> w.startsWith("dutch/"))).hasSize(4);
        assertThat(halves.measured().stream().filter(w -> w.startsWith("hindi/"))).hasSize(2);
        assertThat(again).isEqualTo(halves);
        assertThat(other).isNotEqualTo(halves);
    }

    @Test
    void refusesACorpusOfOneWriter() {
        // A corpus of one writer cannot be both fitted on and measured
        List<String> all = new ArrayList<>(writers("dutch/", 6));
        all.add("cedar/001");

        assertThatThrownBy(() -> WriterHalves.of(all, 45))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cedar has 1 writer");
    }
}
