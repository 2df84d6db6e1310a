package io.countersign.streams.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.FilteredKafkaStreamsMetrics;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Kafka clients' own metrics (consumer lag, producer and stream-thread figures) on /metrics,
 * looked for anew every {@code metrics.kafka-refresh-interval-ms}: a metric that appears later than
 * start-up, such as a partition's records-lag once it is assigned, is served from the next look on
 * (Micrometer's binder looks every minute unless told otherwise).
 *
 * <p>All but the metrics that crash the process when read from another thread: Kafka Streams 4.4's
 * transactional state stores (KIP-892; {@code enable.transactional.statestores}, on in this
 * service) register a gauge {@code uncommitted-bytes} that reads the store's RocksDB write batch
 * without a lock. Read while a stream thread closes that store (a rebalance, a shut-down), it
 * dereferences the closed batch and the JVM dies with SIGSEGV in {@code WriteBatch.getDataSize}
 * (seen in MetricsExistIT, on the binder's own thread). The binder reads every metric it is given
 * each time it looks for new ones, and a scrape reads every gauge, so those metrics are never given
 * to it.
 */
public final class KafkaClientMetrics implements AutoCloseable {

    /** Kafka metric names that are unsafe to read outside the stream thread that owns them. */
    static final Set<String> UNSAFE_TO_READ = Set.of("uncommitted-bytes");

    /** Which of the clients' metrics are served. */
    static final Predicate<MetricName> SERVED = name -> !UNSAFE_TO_READ.contains(name.name());

    private final ScheduledExecutorService looker;
    private final FilteredKafkaStreamsMetrics binder;

    private KafkaClientMetrics(
            ScheduledExecutorService looker, FilteredKafkaStreamsMetrics binder) {
        this.looker = looker;
        this.binder = binder;
    }

    /** Binds the clients' metrics of {@code streams} to {@code registry}. */
    public static KafkaClientMetrics bind(
            MeterRegistry registry, KafkaStreams streams, Duration refresh) {
        ScheduledExecutorService looker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "kafka-metrics-refresh");
                            t.setDaemon(true);
                            return t;
                        });
        FilteredKafkaStreamsMetrics binder =
                new FilteredKafkaStreamsMetrics(streams, SERVED, looker, refresh);
        binder.bindTo(registry);
        return new KafkaClientMetrics(looker, binder);
    }

    @Override
    public void close() {
        // A scheduler handed to the binder is the caller's to stop.
        binder.close();
        looker.shutdownNow();
    }
}
