package io.countersign.streams.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Gauges over this instance's local state stores: enrolled customers and requests waiting for a
 * batch (RocksDB's estimates; NaN while the stream is not RUNNING).
 */
public final class StoreGauges {

    private StoreGauges() {}

    /** Registers both gauges, read through interactive queries on every scrape. */
    public static void bind(
            MeterRegistry registry, KafkaStreams streams, String referenceStore, String pending) {
        Gauge.builder("countersign.enrolled.customers", () -> entries(streams, referenceStore))
                .description("Customers with a reference set in this instance's store")
                .register(registry);
        Gauge.builder("countersign.pending.requests", () -> entries(streams, pending))
                .description("Requests waiting in this instance's pending store for a batch")
                .register(registry);
    }

    private static double entries(KafkaStreams streams, String store) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Double.NaN;
        }
        try {
            return streams.store(
                            StoreQueryParameters.fromNameAndType(
                                    store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (RuntimeException e) {
            // Stores move during a rebalance; the next scrape will find them.
            return Double.NaN;
        }
    }
}
