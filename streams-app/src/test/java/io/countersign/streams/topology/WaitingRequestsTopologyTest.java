package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.enrollment;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.VerificationRequest;
import io.countersign.schemas.DeadLetterHeaders;
import io.countersign.schemas.ErrorCode;
import io.countersign.schemas.serde.EventFormats;
import io.countersign.streams.batching.PendingRequest;
import io.countersign.streams.batching.RequestOrigin;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.metrics.PipelineObserver;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests waiting in the pending store across a restart or an upgrade: read back, they are
 * prepared again (and timed) for the served model; one whose image that model refuses, though an
 * earlier version admitted it, is dead-lettered from its batch, the rest of the batch is scored,
 * and nothing is left to fail the partition again.
 */
class WaitingRequestsTopologyTest {

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
    void aWaitingRequestTheServedModelRefusesIsADeadLetterAndItsBatchIsScored() {
        try (Pipeline pipeline = new Pipeline(TopologySettings.defaults(), embedder, stateDir)) {
            // Given an enrolled customer, and waiting in the pending store from before an upgrade
            // an unsigned cheque: a printed line and nothing else, which versions before printed
            // lines were erased took for ink, read at partition 3, offset 41
            pipeline.enrollments.pipeInput(customer(0), enrollment(0, 3));
            PendingRequest unsigned = waitingUnsignedCheque(customer(0));
            KeyValueStore<Long, PendingRequest> pending =
                    pipeline.driver.getKeyValueStore(pipeline.settings.stores().pending());
            pending.put(1_000L, unsigned);

            // When a good request arrives and the batch is flushed with it
            pipeline.requests.pipeInput(customer(0), request("good", genuine(0, 6)));
            pipeline.waitForBatchDelay();

            // Then the good request is scored
            assertThat(pipeline.verdicts.readValuesToList())
                    .singleElement()
                    .satisfies(v -> assertThat(v.getRequestId()).isEqualTo("good"));
            // and the unsigned cheque is a dead letter that says why and where it came from
            TestRecord<byte[], byte[]> letter = pipeline.requestsDlq.readRecord();
            assertThat(pipeline.requestsDlq.isEmpty()).isTrue();
            assertThat(letter.key()).isEqualTo(customer(0).getBytes(StandardCharsets.UTF_8));
            assertThat(header(letter, DeadLetterHeaders.ERROR_CODE))
                    .isEqualTo(ErrorCode.INVALID_IMAGE.name());
            assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE))
                    .contains("admitted earlier, refused when scored by model")
                    .contains("no ink");
            assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC))
                    .isEqualTo("signature.requests");
            assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
            assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
            // with the request as it was published, for replay once it is signed or explained
            VerificationRequest replayable =
                    EventFormats.singleObject()
                            .request()
                            .deserializer()
                            .deserialize("signature.requests", letter.value());
            assertThat(replayable.getRequestId()).isEqualTo("unsigned");
            assertThat(replayable.getDocumentId()).isEqualTo("cheque-7");
            assertThat(replayable.getSource()).isEqualTo("cheque-clearing");
            assertThat(replayable.getSubmittedAt()).isEqualTo(unsigned.submittedAt());
            assertThat(bytes(replayable.getImage())).isEqualTo(unsigned.image());
            // and nothing waits to fail the next batch
            assertNothingWaits(pending);
        }
    }

    @Test
    void aBatchInWhichEveryRequestIsRefusedIsDeadLetteredWithoutAModelCall() {
        // Batches of two, so that the second holds refused requests only
        TopologySettings settings = TopologySettings.defaults().withBatch(2, Duration.ofMillis(50));
        try (Pipeline pipeline = new Pipeline(settings, embedder, stateDir)) {
            // Given two waiting unsigned cheques
            KeyValueStore<Long, PendingRequest> pending =
                    pipeline.driver.getKeyValueStore(settings.stores().pending());
            pending.put(100L, waitingUnsignedCheque(customer(1)));
            pending.put(101L, waitingUnsignedCheque(customer(2)));

            // When a request for a customer nobody enrolled arrives and the delay passes
            pipeline.requests.pipeInput("stranger", request("unknown", genuine(3, 0)));
            pipeline.waitForBatchDelay();

            // Then both cheques are dead letters, the stranger is answered as not enrolled
            assertThat(pipeline.requestsDlq.readRecordsToList())
                    .hasSize(2)
                    .allSatisfy(
                            letter ->
                                    assertThat(header(letter, DeadLetterHeaders.ERROR_CODE))
                                            .isEqualTo(ErrorCode.INVALID_IMAGE.name()));
            assertThat(pipeline.verdicts.readValuesToList())
                    .singleElement()
                    .satisfies(v -> assertThat(v.getDecision().name()).isEqualTo("NOT_ENROLLED"));
            // and nothing is left waiting
            assertNothingWaits(pending);
        }
    }

    @Test
    void aWaitingRequestKeepsWhereItWasReadAndWhoPublishedIt() {
        TopologySettings settings = TopologySettings.defaults().withBatch(8, Duration.ofHours(1));
        try (Pipeline pipeline = new Pipeline(settings, embedder, stateDir)) {
            // Given two requests on the requests topic, published by "test"
            pipeline.requests.pipeInput(customer(0), request("first", genuine(0, 1)));
            pipeline.requests.pipeInput(customer(0), request("second", genuine(0, 2)));

            // When they wait for their batch
            KeyValueStore<Long, PendingRequest> pending =
                    pipeline.driver.getKeyValueStore(settings.stores().pending());

            // Then each keeps its partition, offset and publisher, for a dead letter if need be
            assertThat(pending.get(1L).requestId()).isEqualTo("second");
            assertThat(pending.get(1L).origin()).isEqualTo(new RequestOrigin(0, 1L, "test"));
        }
    }

    @Test
    void aRequestPreparedAgainWhenItsBatchRunsIsTimedLikeAnyOther() {
        // Given an observer that counts the images prepared, and a good request waiting in the
        // store since before a restart (its prepared image was in memory only)
        AtomicInteger prepared = new AtomicInteger();
        PipelineObserver counting =
                new PipelineObserver() {
                    @Override
                    public void preprocessed(long nanos) {
                        prepared.incrementAndGet();
                    }
                };
        try (Pipeline pipeline =
                new Pipeline(TopologySettings.defaults(), embedder, stateDir, counting)) {
            pipeline.enrollments.pipeInput(customer(0), enrollment(0, 3));
            KeyValueStore<Long, PendingRequest> pending =
                    pipeline.driver.getKeyValueStore(pipeline.settings.stores().pending());
            pending.put(1_000L, waitingGenuine(customer(0)));
            int enrolled = prepared.get();

            // When a new request arrives and both are scored
            pipeline.requests.pipeInput(customer(0), request("new", genuine(0, 6)));
            pipeline.waitForBatchDelay();

            // Then both got verdicts, and both preparations were timed: the new one at intake,
            // the waiting one when its batch ran
            assertThat(pipeline.verdicts.readValuesToList()).hasSize(2);
            assertThat(prepared.get() - enrolled).isEqualTo(2);
        }
    }

    private static PendingRequest waitingGenuine(String customerId) {
        return new PendingRequest(
                customerId,
                "waiting",
                "doc-waiting",
                genuine(0, 7),
                "image/png",
                null,
                Instant.parse("2026-11-28T08:59:00Z"),
                0L,
                1L,
                new RequestOrigin(0, 12L, "test"),
                null);
    }

    private static PendingRequest waitingUnsignedCheque(String customerId) {
        BufferedImage cheque = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = cheque.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 200);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3));
        g.drawLine(0, 150, 399, 150);
        g.dispose();
        return new PendingRequest(
                customerId,
                "unsigned",
                "cheque-7",
                TestData.png(cheque),
                "image/png",
                null,
                Instant.parse("2026-11-28T08:59:00Z"),
                0L,
                1L,
                new RequestOrigin(3, 41L, "cheque-clearing"),
                null);
    }

    private static void assertNothingWaits(KeyValueStore<Long, PendingRequest> pending) {
        try (KeyValueIterator<Long, PendingRequest> left = pending.all()) {
            assertThat(left.hasNext()).isFalse();
        }
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
