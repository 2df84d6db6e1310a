package io.countersign.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriterBootstrapTest {

    private static final double[] NONE = new double[0];

    /** Writers w0..w(n-1): genuine at 1 to 4, skilled forgeries at the given distances. */
    private static ProtocolScores writers(int n, double... skilled) {
        List<ProtocolScores.WriterScores> scored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            scored.add(
                    new ProtocolScores.WriterScores(
                            "w" + i, new double[] {1, 2, 3, 4}, skilled, NONE));
        }
        return new ProtocolScores(scored, List.of());
    }

    @Test
    void aModelBetterOnEveryWriterIsBetterInEveryResample() {
        // Given a baseline whose forgeries overlap every writer's genuine signatures (one of four
        // forgeries closer than the farthest genuine one: EER 25 % on each writer and pooled) and
        // a model that separates them all
        ProtocolScores baseline = writers(8, 3.5, 5, 6, 7);
        ProtocolScores model = writers(8, 5, 6, 7, 8);

        // When they are compared
        WriterBootstrap.Difference d = WriterBootstrap.skilledEerDifference(model, baseline);

        // Then the difference is the baseline's whole EER, and no resample of writers reverses it
        assertThat(d.model()).isZero();
        assertThat(d.baseline()).isCloseTo(0.25, within(1e-12));
        assertThat(d.difference()).isCloseTo(-0.25, within(1e-12));
        assertThat(d.low()).isCloseTo(-0.25, within(1e-12));
        assertThat(d.high()).isCloseTo(-0.25, within(1e-12));
        assertThat(d.shareBetter()).isEqualTo(1.0);
    }

    @Test
    void aModelBetterOnOneWriterInEightIsNotSurelyBetter() {
        // Given the same overlap on seven writers for both, and one writer only the model separates
        List<ProtocolScores.WriterScores> base =
                new ArrayList<>(writers(8, 3.5, 5, 6, 7).writers());
        List<ProtocolScores.WriterScores> better = new ArrayList<>(base);
        better.set(
                0,
                new ProtocolScores.WriterScores(
                        "w0", new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}, NONE));
        WriterBootstrap.Difference d =
                WriterBootstrap.skilledEerDifference(
                        new ProtocolScores(better, List.of()), new ProtocolScores(base, List.of()));

        // Then the model is better on these writers (23.4 against 25 %), but about a third of
        // resamples (those without w0: (7/8)^8 = 34 %) show no difference, so the interval
        // reaches zero
        assertThat(d.difference()).isCloseTo(-1 / 64.0, within(1e-12));
        assertThat(d.high()).isZero();
        assertThat(d.low()).isNegative();
        assertThat(d.shareBetter()).isBetween(0.60, 0.72);
    }

    @Test
    void identicalScoresDifferByNothing() {
        ProtocolScores scores = writers(5, 3.5, 5, 6, 7);

        WriterBootstrap.Difference d = WriterBootstrap.skilledEerDifference(scores, scores);

        assertThat(d.difference()).isZero();
        assertThat(d.low()).isZero();
        assertThat(d.high()).isZero();
        assertThat(d.shareBetter()).isZero();
    }

    @Test
    void refusesModelsScoredOnDifferentWriters() {
        assertThatThrownBy(() -> WriterBootstrap.skilledEerDifference(writers(5, 3), writers(6, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different writers (5 and 6)");
    }
}
