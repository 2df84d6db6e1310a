package io.countersign.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.ReferenceViews;
import io.countersign.streams.enrollment.EnrolledImage;
import io.countersign.streams.enrollment.ReferenceSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EnrolledSpreadGaugesTest {

    private static final Instant ENROLLED_AT = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void theMedianSpreadOfTheServedModelsSetsWithTwoReferencesOrMore() {
        // Given 61 sets of the served model with spreads 1..61, each followed by one of an older
        // model (spread 100, waiting to be embedded again) and one with a single reference
        List<ReferenceSet> sets = new ArrayList<>();
        for (int i = 1; i <= 61; i++) {
            sets.add(twoReferences(i, "v2"));
            sets.add(twoReferences(100, "v1"));
            sets.add(oneReference("v2"));
        }

        // When / Then: the median of 1..61 alone
        assertThat(EnrolledSpreadGauges.median(sets.iterator(), "v2")).isCloseTo(31, within(1e-6));
        // and of an even count, the mean of the middle two
        assertThat(EnrolledSpreadGauges.median(sets.subList(0, 3 * 60).iterator(), "v2"))
                .isCloseTo(30.5, within(1e-6));
    }

    @Test
    void tooFewCustomersMeanNoScale() {
        List<ReferenceSet> sets = new ArrayList<>();
        for (int i = 1; i < EnrolledSpreadGauges.MINIMUM; i++) {
            sets.add(twoReferences(i, "v2"));
        }

        assertThat(EnrolledSpreadGauges.median(sets.iterator(), "v2")).isNaN();
        sets.add(twoReferences(7, "v2"));
        assertThat(EnrolledSpreadGauges.median(sets.iterator(), "v2")).isFinite();
    }

    @Test
    void onlyTheFirstSampleOfSetsIsRead() {
        // Given a sample's worth of spread 1, then as many of spread 9
        List<ReferenceSet> sets = new ArrayList<>();
        for (int i = 0; i < 2 * EnrolledSpreadGauges.SAMPLE; i++) {
            sets.add(twoReferences(i < EnrolledSpreadGauges.SAMPLE ? 1 : 9, "v2"));
        }

        assertThat(EnrolledSpreadGauges.median(sets.iterator(), "v2")).isCloseTo(1, within(1e-6));
    }

    @Test
    void theStoreIsReadAgainOnlyWhenTheMedianIsStaleOnceItHoldsEnoughCustomers() {
        // Given a store that counts its reads, one customer short of a median, and a clock that
        // moves when told
        AtomicInteger reads = new AtomicInteger();
        List<ReferenceSet> sets = new ArrayList<>();
        for (int i = 1; i < EnrolledSpreadGauges.MINIMUM; i++) {
            sets.add(twoReferences(2, "v2"));
        }
        boolean[] running = {false};
        MovableClock clock = new MovableClock();
        EnrolledSpreadGauges gauge =
                new EnrolledSpreadGauges(
                        () -> {
                            if (!running[0]) {
                                return null;
                            }
                            reads.incrementAndGet();
                            return sets.iterator();
                        },
                        "v2",
                        clock);

        // When the stream is not running yet, and then holds too few customers: NaN, and asked
        // again at each scrape until there are enough
        assertThat(gauge.value()).isNaN();
        running[0] = true;
        assertThat(gauge.value()).isNaN();
        assertThat(gauge.value()).isNaN();
        assertThat(reads).hasValue(2);
        sets.add(twoReferences(2, "v2"));
        assertThat(gauge.value()).isCloseTo(2, within(1e-6));
        assertThat(reads).hasValue(3);

        // Then within the refresh interval the same median, unread; after it, read again
        sets.replaceAll(set -> twoReferences(4, "v2"));
        clock.now = clock.now.plus(EnrolledSpreadGauges.REFRESH).minusSeconds(1);
        assertThat(gauge.value()).isCloseTo(2, within(1e-6));
        assertThat(reads).hasValue(3);
        clock.now = clock.now.plusSeconds(1);
        assertThat(gauge.value()).isCloseTo(4, within(1e-6));
        assertThat(reads).hasValue(4);
    }

    @Test
    void aCardThatDividesByTheSpreadServesItsTypicalSpreadAndOneThatDoesNotServesNaN() {
        ModelCard spread =
                ModelCard.read(
                        Path.of("..", "models", "signet-s-ensemble5-int8", ModelCard.FILE_NAME));
        ModelCard plain =
                ModelCard.read(Path.of("..", "models", "signet-s-synthetic", ModelCard.FILE_NAME));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EnrolledSpreadGauges.bind(registry, null, "references", spread);
        SimpleMeterRegistry none = new SimpleMeterRegistry();
        EnrolledSpreadGauges.bind(none, null, "references", plain);

        assertThat(registry.get("countersign.model.typical.spread").gauge().value())
                .isEqualTo(spread.scoringRule().typicalSpread());
        assertThat(registry.find("countersign.enrolled.typical.spread").gauge()).isNotNull();
        assertThat(none.get("countersign.model.typical.spread").gauge().value()).isNaN();
        // (the store is not read for it: the stream here is none at all)
        assertThat(none.get("countersign.enrolled.typical.spread").gauge().value()).isNaN();
    }

    private static ReferenceSet twoReferences(double spread, String version) {
        return ReferenceSet.embedded(
                List.of(image("a"), image("b")),
                ReferenceViews.bitonalItself(
                        List.of(new float[] {0f, 0f}, new float[] {(float) spread, 0f})),
                version,
                ENROLLED_AT);
    }

    private static ReferenceSet oneReference(String version) {
        return ReferenceSet.embedded(
                List.of(image("a")),
                ReferenceViews.bitonalItself(List.of(new float[] {0f, 0f})),
                version,
                ENROLLED_AT);
    }

    private static EnrolledImage image(String id) {
        return new EnrolledImage(id, new byte[] {1}, "image/png", null);
    }

    private static final class MovableClock extends Clock {
        Instant now = ENROLLED_AT;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
