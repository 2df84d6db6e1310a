package io.countersign.streams.metrics;

import io.countersign.core.model.ModelCard;
import io.countersign.core.scoring.ReferenceSpread;
import io.countersign.core.scoring.ScoringRule;
import io.countersign.streams.enrollment.ReferenceSet;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The typical reference spread the model card's rule was fitted with ({@code
 * countersign_model_typical_spread}) beside the one this instance's enrolled customers show ({@code
 * countersign_enrolled_typical_spread}: the median spread among each stored set's references, over
 * up to {@value #SAMPLE} sets embedded by the served model, read again at most once a {@link
 * #REFRESH}). Where the two part, the bank's scans put every distance on another scale than the
 * writers the card was fitted on, and its threshold errs to one side (docs/benchmarks.md, "A corpus
 * on another scale"): an alert says so, and {@code calibrate --rule spread} adapts the card from
 * the references alone. Only the median over customers leaves the store: no customer's spread, id
 * or embedding.
 */
public final class EnrolledSpreadGauges {

    /**
     * Sets read for one median: its error is a few per cent, and reading a set reads its enrolled
     * images too (kept for re-embedding), so a few hundred at most.
     */
    static final int SAMPLE = 200;

    /** Sets below which the median is not reported (NaN): too few customers to mean a scale. */
    static final int MINIMUM = 50;

    /** How long one median stands before the store is read again (the alert waits an hour). */
    static final Duration REFRESH = Duration.ofMinutes(5);

    private final Supplier<Iterator<ReferenceSet>> sets;
    private final String modelVersion;
    private final Clock clock;
    private Instant readAt = Instant.MIN;
    private double median = Double.NaN;

    EnrolledSpreadGauges(Supplier<Iterator<ReferenceSet>> sets, String modelVersion, Clock clock) {
        this.sets = sets;
        this.modelVersion = modelVersion;
        this.clock = clock;
    }

    /**
     * Registers both gauges; under a card whose rule divides by no spread both read NaN (there is
     * no typical spread to compare with), so that every instance serves the same metrics.
     */
    public static void bind(
            MeterRegistry registry, KafkaStreams streams, String referenceStore, ModelCard card) {
        ScoringRule rule = card.scoringRule();
        boolean spread = rule.normalization().usesSpread();
        Gauge.builder(
                        "countersign.model.typical.spread",
                        () -> spread ? rule.typicalSpread() : Double.NaN)
                .description(
                        "Typical spread among a customer's references on the writers the model"
                                + " card's rule was fitted on")
                .register(registry);
        EnrolledSpreadGauges enrolled =
                new EnrolledSpreadGauges(
                        () -> spread ? localSets(streams, referenceStore) : null,
                        // what stored sets are stamped with (the ink's turn included)
                        card.embeddingVersion(),
                        Clock.systemUTC());
        Gauge.builder("countersign.enrolled.typical.spread", enrolled, EnrolledSpreadGauges::value)
                .description(
                        "Median spread among the references of this instance's enrolled customers"
                                + " (up to "
                                + SAMPLE
                                + " sets of the served model; NaN below "
                                + MINIMUM
                                + " or under a card that divides by no spread)")
                // Nothing else holds the gauge's state: a weak reference would lose it.
                .strongReference(true)
                .register(registry);
    }

    /**
     * The median, read again from the store when the last one is older than {@link #REFRESH}. No
     * median yet (too few sets, or the stream not running) is asked again at the next scrape: a
     * store that small is cheap to read, and one filling up is reported as soon as it can be.
     */
    synchronized double value() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(REFRESH) < 0) {
            return median;
        }
        Iterator<ReferenceSet> read = sets.get();
        double measured = read == null ? Double.NaN : median(read, modelVersion);
        if (Double.isFinite(measured)) {
            median = measured;
            readAt = now;
        }
        return measured;
    }

    /**
     * The median spread of the first {@link #SAMPLE} sets of {@code modelVersion} with two
     * references or more; NaN for fewer than {@link #MINIMUM}. A set of another version is waiting
     * to be embedded again, on another model's scale, and is passed over.
     */
    static double median(Iterator<ReferenceSet> sets, String modelVersion) {
        double[] spreads = new double[SAMPLE];
        int n = 0;
        while (n < SAMPLE && sets.hasNext()) {
            ReferenceSet set = sets.next();
            double spread = set.views().spread();
            if (set.modelVersion().equals(modelVersion) && Double.isFinite(spread)) {
                spreads[n++] = spread;
            }
        }
        // The statistic the card's typical spread was measured with, so the two compare.
        return n < MINIMUM ? Double.NaN : ReferenceSpread.typical(Arrays.copyOf(spreads, n));
    }

    /** This instance's stored sets, read through an interactive query; null while not running. */
    private static Iterator<ReferenceSet> localSets(KafkaStreams streams, String store) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return null;
        }
        try {
            ReadOnlyKeyValueStore<String, ReferenceSet> local =
                    streams.store(
                            StoreQueryParameters.fromNameAndType(
                                    store,
                                    QueryableStoreTypes.<String, ReferenceSet>keyValueStore()));
            // Read what the median needs now and close the iterator: RocksDB pins resources
            // while one is open.
            List<ReferenceSet> read = new ArrayList<>();
            try (KeyValueIterator<String, ReferenceSet> all = local.all()) {
                while (read.size() < 2 * SAMPLE && all.hasNext()) {
                    KeyValue<String, ReferenceSet> next = all.next();
                    read.add(next.value);
                }
            }
            return read.iterator();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
