package io.countersign.streams.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Gauges over this instance's local state stores: enrolled customers (RocksDB's estimate) and
 * requests waiting for a batch (counted: the pending store is cached, and RocksDB's estimate would
 * miss what waits in the cache; it holds about a batch per task, so counting is cheap). NaN while
 * the stream is not RUNNING.
 */
public final class StoreGauges {

    private StoreGauges() {}

    /** Registers both gauges, read through interactive queries on every scrape. */
    public static void bind(
            MeterRegistry registry, KafkaStreams streams, String referenceStore, String pending) {
        Gauge.builder(
                        "countersign.enrolled.customers",
                        () -> entries(streams, referenceStore, false))
                .description("Customers with a reference set in this instance's store")
                .register(registry);
        Gauge.builder("countersign.pending.requests", () -> entries(streams, pending, true))
                .description("Requests waiting in this instance's pending store for a batch")
                .register(registry);
    }

    private static double entries(KafkaStreams streams, String store, boolean count) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Double.NaN;
        }
        try {
            ReadOnlyKeyValueStore<Object, Object> local =
                    streams.store(
                            StoreQueryParameters.fromNameAndType(
                                    store, QueryableStoreTypes.keyValueStore()));
            if (!count) {
                return local.approximateNumEntries();
            }
            long entries = 0;
            try (KeyValueIterator<Object, Object> all = local.all()) {
                for (; all.hasNext(); all.next()) {
                    entries++;
                }
            }
            return entries;
        } catch (RuntimeException e) {
            // Stores move during a rebalance; the next scrape will find them.
            return Double.NaN;
        }
    }
}
