package io.countersign.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class KafkaClientMetricsTest {

    @Test
    void theTransactionalStoresUncommittedBytesAreNeverServedAndTheRestAre() {
        Map<String, String> store = Map.of("task-id", "0_1", "rocksdb-state-id", "pending");

        assertThat(
                        KafkaClientMetrics.SERVED.test(
                                new MetricName(
                                        "uncommitted-bytes", "stream-state-metrics", "", store)))
                .isFalse();
        assertThat(
                        KafkaClientMetrics.SERVED.test(
                                new MetricName(
                                        "records-lag",
                                        "consumer-fetch-manager-metrics",
                                        "",
                                        Map.of())))
                .isTrue();
        assertThat(
                        KafkaClientMetrics.SERVED.test(
                                new MetricName("put-rate", "stream-state-metrics", "", store)))
                .isTrue();
    }
}
