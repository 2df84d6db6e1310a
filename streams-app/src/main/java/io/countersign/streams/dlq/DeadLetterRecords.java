package io.countersign.streams.dlq;

import io.countersign.schemas.DeadLetterHeaders;
import io.countersign.schemas.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds a dead letter: the source record's key, value and headers byte for byte, so it can be
 * replayed to its source topic once fixed, plus headers that say why and where it came from.
 */
public final class DeadLetterRecords {

    /** Longest error message kept in a header; messages never hold payload, only a reason. */
    static final int MAX_MESSAGE_CHARS = 1_000;

    private DeadLetterRecords() {}

    /** The source record's coordinates and bytes as Kafka Streams hands them to a handler. */
    public record Source(
            String topic,
            int partition,
            long offset,
            long timestamp,
            byte[] key,
            byte[] value,
            Headers headers) {}

    /** A dead letter for {@code source} on {@code deadLetterTopic}. */
    public static ProducerRecord<byte[], byte[]> build(
            String deadLetterTopic, Source source, ErrorCode code, String message) {
        Headers headers = new RecordHeaders();
        if (source.headers() != null) {
            for (Header header : source.headers()) {
                headers.add(header.key(), header.value());
            }
        }
        headers.add(DeadLetterHeaders.ERROR_CODE, utf8(code.name()));
        headers.add(DeadLetterHeaders.ERROR_MESSAGE, utf8(truncate(message)));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(String.valueOf(source.topic())));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(String.valueOf(source.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(String.valueOf(source.offset())));
        Long timestamp = source.timestamp() >= 0 ? source.timestamp() : null;
        return new ProducerRecord<>(
                deadLetterTopic, null, timestamp, source.key(), source.value(), headers);
    }

    private static String truncate(String message) {
        String text = message == null ? "" : message;
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
