package io.countersign.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.Decision;
import io.countersign.events.Verdict;
import io.countersign.schemas.DeadLetterHeaders;
import io.countersign.schemas.serde.EventSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SentRecordsInterceptorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SentRecordsInterceptor interceptor = new SentRecordsInterceptor();

    SentRecordsInterceptorTest() {
        interceptor.configure(
                Map.of(
                        SentRecordsInterceptor.SETTINGS,
                        new SentRecordsInterceptor.Settings(
                                new PipelineMetrics(registry),
                                "verdicts",
                                "req.dlq",
                                "enr.dlq",
                                EventSerdes.verdict().deserializer())));
    }

    @Test
    void countsVerdictsByDecisionAndRecordsTheirLatency() {
        // Given two verdicts as the stream's producer sends them
        byte[] genuine = verdict(Decision.GENUINE, 120);
        byte[] forged = verdict(Decision.FORGED, 480);

        // When they pass the interceptor
        interceptor.onSend(new ProducerRecord<>("verdicts", "c".getBytes(), genuine));
        interceptor.onSend(new ProducerRecord<>("verdicts", "c".getBytes(), forged));

        // Then each decision is counted once and both latencies are recorded
        assertThat(
                        registry.get("countersign.verdicts")
                                .tag("decision", "GENUINE")
                                .counter()
                                .count())
                .isEqualTo(1.0);
        assertThat(registry.get("countersign.verdicts").tag("decision", "FORGED").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("countersign.verdict.latency").timer().count()).isEqualTo(2);
        assertThat(
                        registry.get("countersign.verdict.latency")
                                .timer()
                                .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(600.0);
    }

    @Test
    void countsDeadLettersByCodeAndLeavesOtherRecordsAlone() {
        // Given a dead letter, a record on another topic and an unreadable verdict
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                DeadLetterHeaders.ERROR_CODE, "IMAGE_TOO_LARGE".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> dead =
                new ProducerRecord<>(
                        "req.dlq", null, null, new byte[] {1}, new byte[] {2}, headers);
        ProducerRecord<byte[], byte[]> other = new ProducerRecord<>("changelog", new byte[] {3});
        ProducerRecord<byte[], byte[]> garbage = new ProducerRecord<>("verdicts", new byte[] {9});

        // When they pass the interceptor
        List<ProducerRecord<byte[], byte[]>> sent =
                List.of(
                        interceptor.onSend(dead),
                        interceptor.onSend(other),
                        interceptor.onSend(garbage));

        // Then the dead letter is counted, nothing else is, and every record goes on unchanged
        assertThat(
                        registry.get("countersign.dead.letters")
                                .tags("code", "IMAGE_TOO_LARGE", "topic", "req.dlq")
                                .counter()
                                .count())
                .isEqualTo(1.0);
        assertThat(registry.find("countersign.verdicts").counters()).isEmpty();
        assertThat(sent).containsExactly(dead, other, garbage);
    }

    private static byte[] verdict(Decision decision, long latencyMillis) {
        Verdict verdict =
                Verdict.newBuilder()
                        .setRequestId("r")
                        .setDocumentId("d")
                        .setDecision(decision)
                        .setDistance(0.5)
                        .setReferenceDistances(List.of())
                        .setThreshold(1.0)
                        .setProbabilityGenuine(0.5)
                        .setAggregation("MEAN")
                        .setModelVersion("v1")
                        .setProcessedAt(Instant.ofEpochMilli(1_000))
                        .setLatencyMillis(latencyMillis)
                        .setReason(null)
                        .build();
        return EventSerdes.verdict().serializer().serialize("verdicts", verdict);
    }
}
