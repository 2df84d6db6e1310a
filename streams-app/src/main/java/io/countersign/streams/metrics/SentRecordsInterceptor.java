package io.countersign.streams.metrics;

import io.countersign.events.Verdict;
import io.countersign.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the stream's producer sends (verdicts by decision with their latency, dead letters by
 * code) without touching the topology: Kafka Streams hands it every serialized output record. Under
 * exactly-once an aborted transaction's records were counted too; the counters say what was sent,
 * the read-committed output is what counts.
 */
public final class SentRecordsInterceptor implements ProducerInterceptor<byte[], byte[]> {

    /** Producer config key under which the service hands over its {@link Settings}. */
    public static final String SETTINGS = "countersign.metrics.settings";

    private static final Logger log = LoggerFactory.getLogger(SentRecordsInterceptor.class);

    /**
     * What the interceptor needs: the meters, which topics hold verdicts and dead letters, and how
     * the verdicts are framed.
     */
    public record Settings(
            PipelineMetrics metrics,
            String verdictsTopic,
            String requestsDlqTopic,
            String enrollmentsDlqTopic,
            Deserializer<Verdict> verdicts) {}

    private Settings settings;
    private Deserializer<Verdict> verdicts;

    @Override
    public void configure(Map<String, ?> configs) {
        Object given = configs.get(SETTINGS);
        if (given instanceof Settings s) {
            settings = s;
            verdicts = s.verdicts();
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
        if (settings == null) {
            return record;
        }
        try {
            String topic = record.topic();
            if (topic.equals(settings.verdictsTopic()) && record.value() != null) {
                Verdict verdict = verdicts.deserialize(topic, record.value());
                settings.metrics()
                        .verdict(
                                verdict.getDecision().name(),
                                verdict.getLatencyMillis(),
                                Boolean.TRUE.equals(verdict.getReview()));
            } else if (topic.equals(settings.requestsDlqTopic())
                    || topic.equals(settings.enrollmentsDlqTopic())) {
                Header code = record.headers().lastHeader(DeadLetterHeaders.ERROR_CODE);
                settings.metrics()
                        .deadLetter(
                                topic,
                                code == null
                                        ? "UNKNOWN"
                                        : new String(code.value(), StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            // Metrics must never stop a record from being sent.
            log.warn("Could not count a record sent to {}: {}", record.topic(), e.toString());
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}
}
