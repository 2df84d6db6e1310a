package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.schemas.DeadLetterHeaders;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import io.countersign.streams.kafka.TopicProvisioner;
import io.countersign.streams.replay.DeadLetterReplayer;
import io.countersign.streams.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's Kafka tools against a real broker: dead letters go back to their source topic byte
 * for byte, filtered by error code; topics that are not co-partitioned stop start-up.
 */
class ReplayDlqIT {

    @TempDir Path dir;

    @Test
    void replaysTheChosenDeadLettersToTheirSourceTopicByteForByte() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 2 << 20)) {
            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(kafka)) {
                admin.createTopics(
                                List.of(
                                        new NewTopic("signature.requests", 1, (short) 1),
                                        new NewTopic("signature.requests.dlq", 1, (short) 1)))
                        .all()
                        .get();
            }
            // Given two dead letters with their original headers and the error headers
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(
                            kafka, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(deadLetter("c-1", new byte[] {1, 2, 3}, "IMAGE_TOO_LARGE"));
                producer.send(deadLetter("c-2", new byte[] {4, 5}, "UNDECODABLE_IMAGE"));
            }

            // When the oversized ones are replayed
            DeadLetterReplayer.Result result =
                    new DeadLetterReplayer(kafka)
                            .replay(
                                    "signature.requests.dlq",
                                    Optional.of("IMAGE_TOO_LARGE"),
                                    Optional.empty());

            // Then exactly that one is back on its source topic, bytes and original header intact
            assertThat(result.read()).isEqualTo(2);
            assertThat(result.replayed()).isEqualTo(1);
            List<ConsumerRecord<byte[], byte[]>> replayed = read(kafka, "signature.requests", 1);
            assertThat(replayed).hasSize(1);
            ConsumerRecord<byte[], byte[]> record = replayed.get(0);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("c-1");
            assertThat(record.value()).containsExactly(1, 2, 3);
            assertThat(record.headers().lastHeader("traceparent").value())
                    .isEqualTo("t-1".getBytes(StandardCharsets.UTF_8));
            assertThat(record.headers().lastHeader(DeadLetterHeaders.ERROR_CODE)).isNull();
        }
    }

    @Test
    void inputTopicsThatAreNotCoPartitionedStopStartUpWithAClearMessage() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 2 << 20);
                Admin admin =
                        Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("signature.enrollments", 4, (short) 1),
                                    new NewTopic("signature.requests", 2, (short) 1)))
                    .all()
                    .get();

            assertThatThrownBy(
                            () ->
                                    new TopicProvisioner(admin)
                                            .checkCoPartitioned(
                                                    TopologySettings.defaults().topics()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("signature.enrollments (4 partitions)")
                    .hasMessageContaining("signature.requests (2 partitions)")
                    .hasMessageContaining("must be co-partitioned");
        }
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(
            String key, byte[] value, String code) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.ERROR_CODE, code.getBytes(StandardCharsets.UTF_8));
        headers.add(
                DeadLetterHeaders.SOURCE_TOPIC,
                "signature.requests".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(
                "signature.requests.dlq",
                null,
                key.getBytes(StandardCharsets.UTF_8),
                value,
                headers);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(
            Properties kafka, String topic, int expected) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-check");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                if (records.size() >= expected) {
                    consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
                    break;
                }
            }
        }
        return records;
    }
}
