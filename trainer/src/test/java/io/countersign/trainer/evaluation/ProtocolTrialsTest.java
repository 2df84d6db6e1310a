package io.countersign.trainer.evaluation;

import static io.countersign.trainer.evaluation.ProtocolTestData.handCase;
import static io.countersign.trainer.evaluation.ProtocolTestData.handWriters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.image.ImageTone;
import io.countersign.core.model.Calibration;
import io.countersign.core.scoring.Aggregation;
import io.countersign.core.scoring.Normalization;
import io.countersign.core.scoring.ScoringRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProtocolTrialsTest {

    private static final Calibration ANY = new Calibration(0, -1);

    @Test
    void severalDrawsPoolIndependentEnrolmentsTheFirstBeingTheSingleDraw() {
        List<WriterEmbeddings> writers = handWriters();

        ProtocolTrials one = ProtocolTrials.draw(writers, 2, 20, 7);
        ProtocolTrials pooled = ProtocolTrials.draws(writers, 2, 20, 7, 6);

        assertThat(pooled.enrolments()).hasSize(12);
        assertThat(pooled.skipped()).containsExactly("y/C");
        assertThat(pooled.enrolments().get(0).references())
                .containsExactlyElementsOf(one.enrolments().get(0).references());
        // writer A's six draws do not all enrol the same two of its four signatures
        Set<String> enrolled =
                pooled.enrolments().stream()
                        .filter(e -> e.writer().equals("x/A"))
                        .map(
                                e ->
                                        e.references().stream()
                                                .map(r -> r[0] + "," + r[1])
                                                .sorted()
                                                .toList()
                                                .toString())
                        .collect(Collectors.toSet());
        assertThat(enrolled).hasSizeGreaterThan(1);
    }

    @Test
    void enrolsKRandomReferencesAndQuestionsTheRest() {
        // Given writers with 4, 3 and 2 genuine signatures
        List<WriterEmbeddings> writers = handWriters();

        // When K = 2
        ProtocolTrials trials = ProtocolTrials.draw(writers, 2, 20, 7);

        // Then the writer with 2 is skipped, the others enrol 2 and question the rest
        assertThat(trials.skipped()).containsExactly("y/C");
        assertThat(trials.enrolments())
                .extracting(ProtocolTrials.Enrolment::writer)
                .containsExactly("x/A", "y/B");
        for (int w = 0; w < 2; w++) {
            ProtocolTrials.Enrolment e = trials.enrolments().get(w);
            WriterEmbeddings writer = writers.get(w);
            assertThat(e.references()).hasSize(2);
            assertThat(Stream.concat(e.references().stream(), e.genuine().stream()).toList())
                    .containsExactlyInAnyOrderElementsOf(writer.genuine());
            assertThat(e.skilled()).containsExactlyElementsOf(writer.forgeries());
            // one genuine signature from each other writer, the skipped one included
            assertThat(e.random()).hasSize(2);
            assertThat(owners(writers, e.random())).hasSize(2).doesNotContain(writer.writer());
        }
    }

    @Test
    void isSeededAndCapsRandomForgeryWriters() {
        ProtocolTrials a = ProtocolTrials.draw(handWriters(), 2, 1, 3);
        ProtocolTrials b = ProtocolTrials.draw(handWriters(), 2, 1, 3);

        assertThat(a.enrolments()).allMatch(e -> e.random().size() == 1);
        for (int w = 0; w < 2; w++) {
            assertThat(a.enrolments().get(w).references())
                    .containsExactlyElementsOf(b.enrolments().get(w).references());
        }
    }

    @Test
    void normalisesByTheShrunkReferenceSpreadAsComputedByHand() {
        // Given spreads 6 (A) and 2 (B): typical spread = their median, 4
        ProtocolTrials trials = handCase();
        assertThat(trials.typicalSpread()).isEqualTo(4.0);

        // When scored with and without normalisation
        ProtocolScores plain = trials.score(ScoringRule.plain(Aggregation.MEAN, 4.5, ANY));
        ProtocolScores normalised =
                trials.score(
                        new ScoringRule(
                                Aggregation.MEAN,
                                Normalization.REFERENCE_SPREAD,
                                4,
                                ScoringRule.ONE_PAIR,
                                1,
                                ANY));
        ProtocolScores withPrior =
                trials.score(
                        new ScoringRule(
                                Aggregation.MEAN,
                                Normalization.REFERENCE_SPREAD_PRIOR,
                                4,
                                3,
                                1,
                                ANY));

        // Then B's skilled forgery (24,0): mean distance (4 + 2) / 2 = 3; B's effective spread,
        // one pair shrunk by one pseudo-pair towards 4, is (2 + 4) / 2 = 3, so 3 / 3 = 1.
        // A's genuine (3,4): distances 5 and 5, effective spread (6 + 4) / 2 = 5, so 1.
        assertThat(plain.writers().get(1).skilled()).containsExactly(3.0, 4.0);
        assertThat(normalised.writers().get(1).skilled()[0]).isCloseTo(1.0, within(1e-12));
        assertThat(normalised.writers().get(0).genuine()[1]).isCloseTo(1.0, within(1e-12));
        assertThat(normalised.writers().get(0).genuine()[0]).isCloseTo(0.6, within(1e-12));
        assertThat(normalised.writers().get(1).genuine()[0]).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(plain.writers().get(0).random()).containsExactly(18.0, 13.0);
        // With a prior of three pairs, B's effective spread is (2 + 3 * 4) / 4 = 3.5: 3 / 3.5
        assertThat(withPrior.writers().get(1).skilled()[0]).isCloseTo(3 / 3.5, within(1e-12));
    }

    private static Set<String> owners(List<WriterEmbeddings> writers, List<float[]> embeddings) {
        List<String> owners = new ArrayList<>();
        for (float[] e : embeddings) {
            writers.stream()
                    .filter(w -> w.genuine().stream().anyMatch(g -> g == e))
                    .forEach(w -> owners.add(w.writer()));
        }
        assertThat(owners).hasSameSizeAs(embeddings);
        return owners.stream().collect(Collectors.toSet());
    }

    /** The same writers and signatures, each embedding moved by +100 in its first value. */
    private static List<WriterEmbeddings> shifted(List<WriterEmbeddings> writers) {
        List<WriterEmbeddings> out = new ArrayList<>();
        for (WriterEmbeddings w : writers) {
            out.add(
                    new WriterEmbeddings(
                            w.writer(),
                            w.genuine().stream().map(ProtocolTrialsTest::shift).toList(),
                            w.forgeries().stream().map(ProtocolTrialsTest::shift).toList()));
        }
        return out;
    }

    private static float[] shift(float[] e) {
        float[] s = e.clone();
        s[0] += 100;
        return s;
    }

    @Test
    void questionedThroughAnotherChannelKeepsTheReferencesAndTheTrials() {
        // Given trials drawn on one embedding of the writers, and another of the same signatures
        List<WriterEmbeddings> clean = handWriters();
        List<WriterEmbeddings> channel = shifted(clean);
        ProtocolTrials drawn = ProtocolTrials.draw(clean, 2, 20, 7);

        // When the questioned images are taken from the other
        ProtocolTrials mixed = drawn.questionedThrough(clean, channel);

        // Then every enrolment keeps its references, and each questioned embedding is its own
        // signature's counterpart, trial for trial
        assertThat(mixed.skipped()).isEqualTo(drawn.skipped());
        assertThat(mixed.enrolments()).hasSameSizeAs(drawn.enrolments());
        assertQuestionedThrough(drawn, mixed, e -> false);
    }

    @Test
    void aBitonalQuestionedImageIsScoredAgainstTheBitonalViewOfTheReferences() {
        // Given references (0,0) and (6,0) whose bitonal views are (0,2) and (6,2), a bitonal
        // questioned signature (3,0) (its own view) and a grey one (3,4)
        float[] r1 = {0, 0};
        float[] r2 = {6, 0};
        float[] bitonal = {3, 0};
        float[] grey = {3, 4};
        ProtocolTrials trials = oneWriter(List.of(r1, r2), List.of(bitonal, grey));
        ToneViews views =
                ToneViews.of(
                        new float[][] {r1, r2, bitonal, grey},
                        new float[][] {{0, 2}, {6, 2}, bitonal, {3, 5}});
        ScoringRule mean = ScoringRule.plain(Aggregation.MEAN, 4.5, ANY);

        // When scored as scanned and like with like
        double[] asScanned = trials.score(mean).writers().get(0).genuine();
        double[] likeWithLike = trials.withViews(views).score(mean).writers().get(0).genuine();

        // Then the bitonal one is measured against (0,2) and (6,2): sqrt(13) each instead of 3;
        // the grey one against the references as scanned, 5 either way
        assertThat(views.tone(bitonal)).isEqualTo(ImageTone.BITONAL);
        assertThat(views.tone(grey)).isEqualTo(ImageTone.GREY);
        assertThat(asScanned).containsExactly(3.0, 5.0);
        assertThat(likeWithLike).containsExactly(new double[] {Math.sqrt(13), 5.0}, within(1e-6));
    }

    @Test
    void aGreyQuestionedImageMeetsReferencesEnrolledBitonalThroughItsBitonalView() {
        // Given references (10,0) and (12,0) that are bitonal themselves (their own views) and a
        // grey questioned signature (11,3) whose bitonal view is (11,1)
        float[] r1 = {10, 0};
        float[] r2 = {12, 0};
        float[] grey = {11, 3};
        ProtocolTrials trials = oneWriter(List.of(r1, r2), List.of(grey));
        ToneViews views =
                ToneViews.of(new float[][] {r1, r2, grey}, new float[][] {r1, r2, {11, 1}});
        ScoringRule mean = ScoringRule.plain(Aggregation.MEAN, 4.5, ANY);

        // When scored like with like
        double[] scores = trials.withViews(views).score(mean).writers().get(0).genuine();

        // Then it was compared as bitonal: sqrt(2) from each reference, not sqrt(10)
        assertThat(scores).containsExactly(new double[] {Math.sqrt(2)}, within(1e-6));
    }

    @Test
    void aQuestionedImageWithBroaderStrokesIsScoredAgainstTheReferencesPenView() {
        // Given grey references (0,0) and (2,0) at ink level 0.0 whose pen views are (0,10) and
        // (2,10) at level 0.5, a questioned signature of level 0.45 at (1,10) and one of level 0.1
        // at (1,0)
        float[] r1 = {0, 0};
        float[] r2 = {2, 0};
        float[] broad = {1, 10};
        float[] asEnrolled = {1, 0};
        ProtocolTrials trials = oneWriter(List.of(r1, r2), List.of(broad, asEnrolled));
        ToneViews views =
                ToneViews.of(
                        List.of(
                                grey(r1, 0.0, new float[] {0, 10}, 0.5),
                                grey(r2, 0.0, new float[] {2, 10}, 0.5),
                                grey(broad, 0.45, new float[] {1, 20}, 0.9),
                                grey(asEnrolled, 0.1, new float[] {1, 20}, 0.6)),
                        1);
        ScoringRule mean = ScoringRule.plain(Aggregation.MEAN, 4.5, ANY);

        // When scored as the service scores
        double[] scores = trials.withViews(views).score(mean).writers().get(0).genuine();

        // Then each met the references with the pen nearest its ink: 1 from each reference
        assertThat(views.broaderPen()).isEqualTo(1);
        assertThat(scores).containsExactly(new double[] {1.0, 1.0}, within(1e-6));
        assertThat(trials.score(mean).writers().get(0).genuine()[0])
                .isCloseTo(Math.hypot(1, 10), within(1e-6));
        assertThatThrownBy(() -> ToneViews.of(List.of(grey(r1, 0.0, r1, 0.5)), 0))
                .hasMessageContaining("pen view");
    }

    /** A grey image's renderings: its own bitonal view is itself shifted, likewise its pen's. */
    private static ToneViews.Rendering grey(
            float[] asScanned, double ink, float[] broader, double broaderInk) {
        float[] bitonal = {asScanned[0], asScanned[1] + 100};
        float[] broaderBitonal = {broader[0], broader[1] + 100};
        return new ToneViews.Rendering(
                asScanned,
                bitonal,
                ink,
                ink,
                new ToneViews.Rendering(broader, broaderBitonal, broaderInk, broaderInk, null));
    }

    /** One writer's trials: these references, questioned with these genuine signatures only. */
    private static ProtocolTrials oneWriter(List<float[]> references, List<float[]> genuine) {
        return new ProtocolTrials(
                List.of(
                        new ProtocolTrials.Enrolment(
                                "x/A", references, genuine, List.of(), List.of())),
                List.of());
    }

    @Test
    void questionedThroughLeavesOutWhatTheOtherChannelCouldNotRead() {
        // Given the same writers through a channel that could not read A's last genuine signature
        // (3,4) nor any of C's two
        List<WriterEmbeddings> clean = handWriters();
        WriterEmbeddings a = shifted(clean).get(0);
        List<WriterEmbeddings> channel =
                List.of(
                        new WriterEmbeddings(
                                a.writer(),
                                a.genuine().subList(0, 3),
                                a.forgeries(),
                                a.genuineNames().subList(0, 3),
                                a.forgeryNames()),
                        shifted(clean).get(1));
        ProtocolTrials drawn = ProtocolTrials.draws(clean, 2, 20, 7, 4);

        // When questioned through it
        ProtocolTrials mixed = drawn.questionedThrough(clean, channel);

        // Then those three are counted and left out, and every other trial is its counterpart
        assertThat(ProtocolTrials.unreadableThrough(clean, channel)).containsExactly(3, 0);
        assertQuestionedThrough(drawn, mixed, ProtocolTrialsTest::isUnreadable);
        // (3,4) was questioned in some draw, so the test left something out
        assertThat(drawn.enrolments())
                .anyMatch(e -> e.genuine().stream().anyMatch(ProtocolTrialsTest::isUnreadable));
    }

    /**
     * Every enrolment of {@code mixed} keeps {@code drawn}'s references and questions, kind by kind
     * and in order, the {@link #shift}ed counterparts of {@code drawn}'s questioned embeddings,
     * less those {@code unreadable}.
     */
    private static void assertQuestionedThrough(
            ProtocolTrials drawn, ProtocolTrials mixed, Predicate<float[]> unreadable) {
        for (int i = 0; i < drawn.enrolments().size(); i++) {
            ProtocolTrials.Enrolment before = drawn.enrolments().get(i);
            ProtocolTrials.Enrolment after = mixed.enrolments().get(i);
            assertThat(after.references()).isEqualTo(before.references());
            for (var kind :
                    List.<Function<ProtocolTrials.Enrolment, List<float[]>>>of(
                            ProtocolTrials.Enrolment::genuine,
                            ProtocolTrials.Enrolment::skilled,
                            ProtocolTrials.Enrolment::random)) {
                List<float[]> expected =
                        kind.apply(before).stream()
                                .filter(unreadable.negate())
                                .map(ProtocolTrialsTest::shift)
                                .toList();
                assertThat(kind.apply(after)).usingRecursiveComparison().isEqualTo(expected);
            }
        }
    }

    /** A's (3,4) and C's two signatures, the ones the channel above could not read. */
    private static boolean isUnreadable(float[] e) {
        return (e[0] == 3 && e[1] == 4) || e[0] == -10 || e[0] == -12;
    }

    @Test
    void questionedThroughRefusesOtherSignatures() {
        List<WriterEmbeddings> clean = handWriters();
        List<WriterEmbeddings> other =
                List.of(new WriterEmbeddings("z/D", List.of(ProtocolTestData.p(1, 1)), List.of()));

        assertThatThrownBy(
                        () -> ProtocolTrials.draw(clean, 2, 20, 7).questionedThrough(clean, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the enrolled ones' signatures");
    }
}
