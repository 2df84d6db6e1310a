package io.countersign.streams.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.schemas.DeadLetterHeaders;
import io.countersign.schemas.ErrorCode;
import io.countersign.schemas.registry.RegistryRejectedException;
import io.countersign.schemas.registry.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The exception handlers: bad input becomes a routed dead letter, anything else fails. */
class DeadLetterHandlersTest {

    private static final Map<String, Object> CONFIG =
            Map.of(DeadLetterRoutes.CONFIG, "in.requests=in.requests.dlq,in.enrol=in.enrol.dlq");

    @Test
    void aRejectedRecordBecomesADeadLetterOnItsSourcesRoute() {
        // Given the processing handler and a record rejected for a missing key
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(CONFIG);
        Headers headers = new RecordHeaders().add("trace", bytes("t-1"));
        ErrorHandlerContext context = context("in.enrol", headers, bytes("key"), bytes("value"));

        // When it is handled
        ProcessingExceptionHandler.Response response =
                handler.handleError(
                        context,
                        new Record<>("key", "value", 7L),
                        new DeadLetterException(ErrorCode.MISSING_KEY, "no key"));

        // Then the stream resumes and one dead letter carries the raw record and the reason
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
        assertThat(letter.topic()).isEqualTo("in.enrol.dlq");
        assertThat(letter.key()).isEqualTo(bytes("key"));
        assertThat(letter.value()).isEqualTo(bytes("value"));
        assertThat(letter.timestamp()).isEqualTo(7L);
        assertThat(text(letter, "trace")).isEqualTo("t-1");
        assertThat(text(letter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("MISSING_KEY");
        assertThat(text(letter, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("no key");
        assertThat(text(letter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(text(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
    }

    @Test
    void aFailureThatIsNotBadInputFailsTheTaskInsteadOfDeadLettering() {
        // Given the processing handler and a failure of the model itself
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(CONFIG);
        ErrorHandlerContext context =
                context("in.requests", new RecordHeaders(), bytes("k"), bytes("v"));

        // When it is handled
        ProcessingExceptionHandler.Response response =
                handler.handleError(
                        context, new Record<>("k", "v", 1L), new IllegalStateException("ORT"));

        // Then the task fails (exactly-once retries it) and nothing is dead-lettered
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void anUndecodableRecordIsADeadLetterWithSchemaMismatch() {
        // Given the deserialization handler and a record that is no event
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(CONFIG);
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("in.requests", 0, 3L, bytes("k"), bytes("garbage"));

        // When it is handled
        DeserializationExceptionHandler.Response response =
                handler.handleError(
                        context("in.requests", record.headers(), null, null),
                        record,
                        new RuntimeException("bad magic"));

        // Then it resumes with a dead letter on the requests route
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
        assertThat(letter.topic()).isEqualTo("in.requests.dlq");
        assertThat(letter.value()).isEqualTo(bytes("garbage"));
        assertThat(text(letter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("SCHEMA_MISMATCH");
    }

    @Test
    void aSchemaRegistryOutageFailsTheTaskAndIsNeverADeadLetter() {
        // Given the deserialization handler with a dead-letter route for the topic
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(CONFIG);
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("in.requests", 0, 3L, bytes("k"), new byte[] {0, 0, 0, 0, 9});

        // When the record's schema id could not be looked up because the registry is down
        DeserializationExceptionHandler.Response response =
                handler.handleError(
                        context("in.requests", record.headers(), null, null),
                        record,
                        new RegistryUnavailableException("schema registry unreachable", null));

        // Then the task fails (the thread is replaced and reads the record again), no dead letter
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();

        // And so when the registry refuses the service's credentials
        DeserializationExceptionHandler.Response refused =
                handler.handleError(
                        context("in.requests", record.headers(), null, null),
                        record,
                        new RegistryRejectedException(401, 401, "GET /schemas/ids/9 answered 401"));
        assertThat(refused.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(refused.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void withoutAnyRouteTheRecordIsNeverDroppedSilently() {
        // Given a handler with no routes and no default dead-letter topic
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of());
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("elsewhere", 0, 3L, bytes("k"), bytes("garbage"));

        // When a record fails to deserialize
        DeserializationExceptionHandler.Response response =
                handler.handleError(
                        context("elsewhere", record.headers(), null, null),
                        record,
                        new RuntimeException("bad magic"));

        // Then the stream fails rather than lose it
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }

    @Test
    void routesRoundTripThroughTheirConfigurationEntry() {
        // Given routes
        DeadLetterRoutes routes = new DeadLetterRoutes(Map.of("a", "a.dlq", "b", "b.dlq"));

        // When formatted and parsed again
        DeadLetterRoutes parsed =
                DeadLetterRoutes.fromConfig(Map.of(DeadLetterRoutes.CONFIG, routes.format()));

        // Then they are the same
        assertThat(parsed).isEqualTo(routes);
        assertThat(parsed.topicFor("b")).contains("b.dlq");
        assertThat(parsed.topicFor("c")).isEmpty();
    }

    private static ErrorHandlerContext context(
            String topic, Headers headers, byte[] rawKey, byte[] rawValue) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return 2;
            }

            @Override
            public long offset() {
                return 41;
            }

            @Override
            public Headers headers() {
                return headers;
            }

            @Override
            public String processorNodeId() {
                return "node";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 2);
            }

            @Override
            public long timestamp() {
                return 7L;
            }

            @Override
            public byte[] sourceRawKey() {
                return rawKey;
            }

            @Override
            public byte[] sourceRawValue() {
                return rawValue;
            }
        };
    }

    private static String text(ProducerRecord<byte[], byte[]> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
