package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.enrollment;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.countersign.core.image.ImageLimits;
import io.countersign.events.EnrollmentEvent;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.DeadLetterHeaders;
import io.countersign.schemas.ErrorCode;
import io.countersign.streams.inference.Embedder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Bad input goes to the dead-letter topics byte for byte, and the stream goes on. */
class DeadLetterTopologyTest {

    private static Embedder embedder;

    @TempDir Path stateDir;

    @BeforeAll
    static void loadModel() {
        embedder = TestEmbedders.onnx(TestEmbedders.shippedModel());
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @Test
    void aCorruptImageIsADeadLetterAndTheNextRequestIsScored() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given an enrolled customer and a request whose PNG is cut short
            pipeline.enrollments.pipeInput(customer(0), enrollment(0, 3));
            byte[] truncated = Arrays.copyOf(genuine(0, 5), 60);
            VerificationRequest bad = request("bad", truncated);

            // When it arrives with headers, followed by a good request
            Headers headers = new RecordHeaders().add("trace-id", bytes("abc-123"));
            pipeline.requests.pipeInput(new TestRecord<>(customer(0), bad, headers));
            pipeline.requests.pipeInput(customer(0), request("good", genuine(0, 6)));
            pipeline.waitForBatchDelay();

            // Then the dead letter holds the original bytes, headers and the error code
            TestRecord<byte[], byte[]> letter = pipeline.requestsDlq.readRecord();
            assertThat(letter.key()).isEqualTo(bytes(customer(0)));
            assertThat(letter.value()).isEqualTo(serialized(pipeline, bad));
            assertThat(letter.headers().lastHeader("trace-id").value()).isEqualTo(bytes("abc-123"));
            assertThat(header(letter, DeadLetterHeaders.ERROR_CODE))
                    .isEqualTo(ErrorCode.UNDECODABLE_IMAGE.name());
            assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC))
                    .isEqualTo("signature.requests");
            assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
            // and the stream went on
            assertThat(pipeline.verdicts.readValuesToList())
                    .singleElement()
                    .satisfies(v -> assertThat(v.getRequestId()).isEqualTo("good"));
        }
    }

    @Test
    void anOversizedImageIsADeadLetterWithImageTooLarge() {
        TopologySettings settings =
                TopologySettings.defaults().withImageLimits(new ImageLimits(500, 40_000_000));
        try (Pipeline pipeline = new Pipeline(settings, embedder, stateDir)) {
            // Given a limit of 500 bytes per image
            byte[] image = genuine(1, 0);
            assertThat(image.length).isGreaterThan(500);

            // When a larger image arrives
            pipeline.requests.pipeInput(customer(1), request("big", image));
            pipeline.waitForBatchDelay();

            // Then it is a dead letter, never a verdict
            assertThat(header(pipeline.requestsDlq.readRecord(), DeadLetterHeaders.ERROR_CODE))
                    .isEqualTo(ErrorCode.IMAGE_TOO_LARGE.name());
            assertThat(pipeline.verdicts.isEmpty()).isTrue();
        }
    }

    @Test
    void garbageValueBytesDoNotStopTheStream() {
        // The dead letter itself (SCHEMA_MISMATCH, bytes as they came) is built by
        // DeadLetterDeserializationHandler, tested in DeadLetterHandlersTest: TopologyTestDriver
        // 4.4 does not forward a deserialization handler's dead letters to its output topics.
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given bytes that are no Avro event at all
            byte[] garbage = bytes("definitely not a verification request");

            // When they arrive, followed by a good request
            pipeline.rawRequests.pipeInput("someone", garbage);
            pipeline.requests.pipeInput("someone", request("good", genuine(2, 0)));
            pipeline.waitForBatchDelay();

            // Then the good request still gets its verdict, and only it
            assertThat(pipeline.verdicts.readValuesToList())
                    .singleElement()
                    .satisfies(v -> assertThat(v.getRequestId()).isEqualTo("good"));
            // and the client's bad bytes raise no WARN about deserializing: the handler logs the
            // dead letter at INFO, and Kafka's own "Skipping record" WARN (it is not skipped)
            // is kept out
            assertThat(logged.list)
                    .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.contains("deserializ"));
        } finally {
            root.detachAppender(logged);
        }
    }

    @Test
    void aRequestWithoutCustomerIdIsADeadLetterWithMissingKey() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given a request with no key
            // When it arrives
            pipeline.requests.pipeInput((String) null, request("nokey", genuine(2, 1)));
            pipeline.waitForBatchDelay();

            // Then it is a dead letter with MISSING_KEY
            TestRecord<byte[], byte[]> letter = pipeline.requestsDlq.readRecord();
            assertThat(letter.key()).isNull();
            assertThat(header(letter, DeadLetterHeaders.ERROR_CODE))
                    .isEqualTo(ErrorCode.MISSING_KEY.name());
            assertThat(pipeline.verdicts.isEmpty()).isTrue();
        }
    }

    @Test
    void anEnrolmentWithABadImageIsADeadLetterAndKeepsThePreviousSet() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given an enrolled customer
            pipeline.enrollments.pipeInput(customer(3), enrollment(3, 3));

            // When a re-enrolment arrives whose second image is corrupt
            EnrollmentEvent bad =
                    TestData.enrollment(
                            customer(3),
                            List.of(
                                    TestData.reference("a", genuine(3, 4)),
                                    TestData.reference("b", bytes("not an image"))));
            pipeline.enrollments.pipeInput(customer(3), bad);

            // Then it goes to the enrolment dead-letter topic and the old set stays
            TestRecord<byte[], byte[]> letter = pipeline.enrollmentsDlq.readRecord();
            assertThat(header(letter, DeadLetterHeaders.ERROR_CODE))
                    .isEqualTo(ErrorCode.UNDECODABLE_IMAGE.name());
            assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE))
                    .startsWith("reference 2 of 2");
            assertThat(letter.value())
                    .isEqualTo(
                            VerificationTopics.of(pipeline.settings)
                                    .enrollments()
                                    .valueSerde()
                                    .serializer()
                                    .serialize("signature.enrollments", bad));
            assertThat(pipeline.references().get(customer(3)).referenceIds())
                    .containsExactly("ref-0", "ref-1", "ref-2");
            assertThat(pipeline.requestsDlq.isEmpty()).isTrue();
        }
    }

    private static byte[] serialized(Pipeline pipeline, VerificationRequest request) {
        return VerificationTopics.of(pipeline.settings)
                .requests()
                .valueSerde()
                .serializer()
                .serialize("signature.requests", request);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
