package io.micrometer.core.instrument.binder.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Micrometer's Kafka Streams binder over only the metrics {@code keep} accepts.
 *
 * <p>It lives in Micrometer's package because the binder's constructor that takes a metrics
 * supplier is package-private and {@link KafkaStreamsMetrics} offers no filter. A {@code
 * MeterFilter} cannot stand in: the binder reads every metric's value each time it looks for new
 * ones, before any filter sees the meter, so a metric that must not be read has to be left out of
 * what it is given.
 */
public final class FilteredKafkaStreamsMetrics extends KafkaMetrics {

    public FilteredKafkaStreamsMetrics(
            KafkaStreams streams,
            Predicate<MetricName> keep,
            ScheduledExecutorService scheduler,
            Duration refresh) {
        super(() -> kept(streams.metrics(), keep), List.of(), scheduler, refresh);
    }

    static Map<MetricName, Metric> kept(
            Map<MetricName, ? extends Metric> metrics, Predicate<MetricName> keep) {
        Map<MetricName, Metric> kept = new LinkedHashMap<>();
        metrics.forEach(
                (name, metric) -> {
                    if (keep.test(name)) {
                        kept.put(name, metric);
                    }
                });
        return kept;
    }
}
