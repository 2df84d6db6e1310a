package io.countersign.streams.replay;

import io.countersign.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Republishes dead letters to the topic they came from, key, value and original headers byte for
 * byte, without the error headers: what an operator runs once the cause is fixed.
 */
public final class DeadLetterReplayer {

    /** How many dead letters were read and how many were republished, per source topic. */
    public record Result(int read, int replayed, Map<String, Long> perTopic) {}

    private final Properties kafka;

    /** {@code kafka}: client properties, bootstrap.servers and security settings included. */
    public DeadLetterReplayer(Properties kafka) {
        this.kafka = kafka;
    }

    /**
     * Replays every dead letter of {@code dlqTopic} present now whose error code is {@code code}
     * (any when empty) and whose timestamp is at or after {@code since} (any when empty).
     */
    public Result replay(String dlqTopic, Optional<String> code, Optional<Instant> since) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(dlqTopic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(dlqTopic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int read = 0;
            List<ProducerRecord<byte[], byte[]>> replays = new java.util.ArrayList<>();
            while (!reachedEnd(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    if (matches(record, code, since)) {
                        replays.add(toSource(record));
                    }
                }
            }
            replays.forEach(producer::send);
            producer.flush();
            Map<String, Long> perTopic =
                    replays.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            ProducerRecord::topic, Collectors.counting()));
            return new Result(read, replays.size(), perTopic);
        }
    }

    private static boolean reachedEnd(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static boolean matches(
            ConsumerRecord<byte[], byte[]> record, Optional<String> code, Optional<Instant> since) {
        boolean codeMatches =
                code.isEmpty() || code.get().equals(header(record, DeadLetterHeaders.ERROR_CODE));
        boolean timeMatches =
                since.isEmpty() || !Instant.ofEpochMilli(record.timestamp()).isBefore(since.get());
        return codeMatches && timeMatches && header(record, DeadLetterHeaders.SOURCE_TOPIC) != null;
    }

    private static ProducerRecord<byte[], byte[]> toSource(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("countersign.")) {
                headers.add(header.key(), header.value());
            }
        }
        return new ProducerRecord<>(
                header(record, DeadLetterHeaders.SOURCE_TOPIC),
                null,
                record.key(),
                record.value(),
                headers);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
