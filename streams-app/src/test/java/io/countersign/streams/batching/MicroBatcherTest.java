package io.countersign.streams.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.image.ImageTone;
import io.countersign.core.preprocess.PreparedImage;
import io.countersign.streams.topology.TopologySettings.BatchSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batcher alone: what waits, when it flushes, and what survives a restart. */
class MicroBatcherTest {

    private static final BatchSettings SETTINGS =
            new BatchSettings(3, Duration.ofMillis(50), Duration.ofMillis(10), false);

    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    private final Batches batches = new Batches();
    private KeyValueStore<Long, PendingRequest> store;

    @BeforeEach
    void setUp() {
        store =
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore("pending"),
                                Serdes.Long(),
                                new PendingRequestSerde())
                        .withLoggingDisabled()
                        .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        context.setCurrentSystemTimeMs(1_000);
    }

    @Test
    void processOnlyStoresUntilTheBatchIsFull() {
        // Given a batcher of size three
        MicroBatcher<String, String> batcher = started();

        // When two requests arrive
        batcher.process(request("a"));
        batcher.process(request("b"));

        // Then they wait in the store and nothing is forwarded
        assertThat(store.approximateNumEntries()).isEqualTo(2);
        assertThat(context.forwarded()).isEmpty();

        // and the third flushes all three, in order, with their tensors, and empties the store
        batcher.process(request("c"));
        assertThat(forwardedIds()).containsExactly("a", "b", "c");
        assertThat(batches.seen).hasSize(1);
        assertThat(batches.seen.get(0)).allSatisfy(r -> assertThat(r.prepared()).isNotNull());
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void theWallClockPunctuatorFlushesOnlyOverdueBatches() {
        // Given one request that arrived at t = 1000 ms
        MicroBatcher<String, String> batcher = started();
        batcher.process(request("a"));
        var punctuator = context.scheduledPunctuators().get(0).getPunctuator();

        // When the punctuator runs 40 ms later, it waits
        punctuator.punctuate(1_040);
        assertThat(context.forwarded()).isEmpty();

        // Then at 50 ms it flushes the request
        punctuator.punctuate(1_050);
        assertThat(forwardedIds()).containsExactly("a");
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void aRestartedBatcherFindsTheWaitingRequestsAndKeepsTheirOrder() {
        // Given two requests waiting when the processor goes away
        MicroBatcher<String, String> first = started();
        first.process(request("a"));
        first.process(request("b"));
        first.close();

        // When a new processor starts over the same (restored) store and a third arrives
        MicroBatcher<String, String> second = started();
        assertThat(second.waiting()).isEqualTo(2);
        second.process(request("c"));

        // Then the batch is complete, in arrival order, re-read from the store without tensors
        assertThat(forwardedIds()).containsExactly("a", "b", "c");
        assertThat(batches.seen.get(0).get(0).prepared()).isNull();
        assertThat(batches.seen.get(0).get(2).prepared()).isNotNull();
    }

    @Test
    void aFailedBatchStaysInTheStoreForTheNextAttempt() {
        // Given a handler that fails once
        batches.failNext = true;
        MicroBatcher<String, String> batcher = started();
        batcher.process(request("a"));
        batcher.process(request("b"));

        // When the batch fills, the failure surfaces as a batch failure, never a dead letter
        assertThatThrownBy(() -> batcher.process(request("c")))
                .isInstanceOf(BatchFlushException.class);

        // Then all three still wait, and the next trigger handles them
        assertThat(store.approximateNumEntries()).isEqualTo(3);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(2_000);
        assertThat(forwardedIds()).containsExactly("a", "b", "c");
    }

    @Test
    void withFlushWhenIdleAPartialBatchGoesAtTheFirstQuietTickWhileTheModelIsFree() {
        // Given a batcher that flushes when idle, and a model that is busy at first
        MicroBatcher<String, String> batcher =
                started(new BatchSettings(3, Duration.ofMillis(50), Duration.ofMillis(10), true));
        batches.idle = false;
        batcher.process(request("a"));
        var punctuator = context.scheduledPunctuators().get(0).getPunctuator();

        // When a tick finds the model busy, the request keeps waiting for company
        punctuator.punctuate(1_010);
        assertThat(context.forwarded()).isEmpty();

        // and while requests keep arriving between ticks, the batch keeps filling
        batches.idle = true;
        batcher.process(request("b"));
        punctuator.punctuate(1_020);
        assertThat(context.forwarded()).isEmpty();

        // Then the first tick after the input pauses flushes, long before the delay is up
        punctuator.punctuate(1_030);
        assertThat(forwardedIds()).containsExactly("a", "b");
        assertThat(batches.seen).hasSize(1);
    }

    @Test
    void underSteadyLoadTheDelayStillBoundsTheWait() {
        // Given a batcher that flushes when idle, a free model, and a request every tick
        MicroBatcher<String, String> batcher =
                started(new BatchSettings(32, Duration.ofMillis(50), Duration.ofMillis(10), true));
        batches.idle = true;
        var punctuator = context.scheduledPunctuators().get(0).getPunctuator();
        batcher.process(request("r0"));
        for (int tick = 1; tick <= 4; tick++) {
            punctuator.punctuate(1_000 + 10L * tick);
            batcher.process(request("r" + tick));
        }
        assertThat(context.forwarded()).isEmpty();

        // When the oldest has waited the delay
        punctuator.punctuate(1_050);

        // Then the five go as one batch
        assertThat(forwardedIds()).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(batches.seen).hasSize(1);
    }

    private MicroBatcher<String, String> started() {
        return started(SETTINGS);
    }

    private MicroBatcher<String, String> started(BatchSettings settings) {
        MicroBatcher<String, String> batcher = new MicroBatcher<>(settings, "pending", batches);
        batcher.init(context);
        return batcher;
    }

    private List<String> forwardedIds() {
        List<String> ids = new ArrayList<>();
        for (CapturedForward<? extends String, ? extends String> forward : context.forwarded()) {
            ids.add(forward.record().value());
        }
        return ids;
    }

    private static Record<String, PendingRequest> request(String id) {
        PendingRequest request =
                new PendingRequest(
                        "customer",
                        id,
                        "doc-" + id,
                        new byte[] {1, 2, 3},
                        "image/png",
                        null,
                        Instant.parse("2026-11-28T09:00:00Z"),
                        0L,
                        5L,
                        RequestOrigin.UNKNOWN,
                        new PreparedImage(new float[] {0.5f}, ImageTone.GREY));
        return new Record<>("customer", request, 5L);
    }

    /** Answers each request with its id and remembers the batches it was given. */
    private static final class Batches implements BatchHandler<String, String> {
        final List<List<PendingRequest>> seen = new ArrayList<>();
        boolean failNext;
        boolean idle;

        @Override
        public boolean idle() {
            return idle;
        }

        @Override
        public void init(ProcessorContext<String, String> context) {}

        @Override
        public List<Record<String, String>> handle(List<PendingRequest> batch, long nowMs) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("model unavailable");
            }
            seen.add(batch);
            return batch.stream()
                    .map(r -> new Record<>(r.customerId(), r.requestId(), r.timestamp()))
                    .toList();
        }
    }
}
