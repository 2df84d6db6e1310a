package io.countersign.streams.topology;

import static io.countersign.streams.topology.TestData.customer;
import static io.countersign.streams.topology.TestData.enrollment;
import static io.countersign.streams.topology.TestData.genuine;
import static io.countersign.streams.topology.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.Verdict;
import io.countersign.streams.inference.Embedder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests wait for their batch: flushed when it is full, or when the oldest is overdue. */
class BatchingTopologyTest {

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
    void aBatchIsFlushedAsSoonAsItReachesMaxSize() {
        TopologySettings settings = TopologySettings.defaults().withBatch(4, Duration.ofHours(1));
        try (Pipeline pipeline = new Pipeline(settings, embedder, stateDir)) {
            // Given an enrolled customer and a batch size of four
            pipeline.enrollments.pipeInput(customer(0), enrollment(0, 3));

            // When three requests arrive, nothing is scored yet
            for (int i = 0; i < 3; i++) {
                pipeline.requests.pipeInput(customer(0), request("r-" + i, genuine(0, 5 + i)));
            }
            assertThat(pipeline.verdicts.isEmpty()).isTrue();

            // Then the fourth completes the batch and all four are scored at once
            pipeline.requests.pipeInput(customer(0), request("r-3", genuine(0, 8)));
            assertThat(pipeline.verdicts.readValuesToList())
                    .extracting(Verdict::getRequestId)
                    .containsExactly("r-0", "r-1", "r-2", "r-3");
        }
    }

    @Test
    void aSmallerBatchIsFlushedOnceItsOldestRequestIsOlderThanMaxDelay() {
        TopologySettings settings =
                TopologySettings.defaults().withBatch(32, Duration.ofMillis(50));
        try (Pipeline pipeline = new Pipeline(settings, embedder, stateDir)) {
            // Given two waiting requests, far fewer than a full batch
            pipeline.requests.pipeInput("a", request("r-0", genuine(1, 0)));
            pipeline.requests.pipeInput("b", request("r-1", genuine(1, 1)));

            // When 30 ms of wall-clock time pass, they still wait
            pipeline.driver.advanceWallClockTime(Duration.ofMillis(30));
            assertThat(pipeline.verdicts.isEmpty()).isTrue();

            // Then once the oldest has waited 50 ms the punctuator flushes both
            pipeline.driver.advanceWallClockTime(Duration.ofMillis(30));
            assertThat(pipeline.verdicts.readValuesToList())
                    .extracting(Verdict::getRequestId)
                    .containsExactly("r-0", "r-1");
            assertThat(
                            pipeline.driver
                                    .getKeyValueStore(settings.stores().pending())
                                    .approximateNumEntries())
                    .isZero();
        }
    }

    @Test
    void withFlushWhenIdleAFewRequestsGoOnceTheInputPausesWhileTheModelIsFree() {
        // The default: flush on size, on delay, and at a tick that finds the input quiet and the
        // model free
        TopologySettings settings = TopologySettings.defaults();
        assertThat(settings.batch().flushWhenIdle()).isTrue();
        try (Pipeline pipeline = new Pipeline(settings, embedder, stateDir)) {
            // Given two waiting requests and no other thread using the model
            pipeline.requests.pipeInput("a", request("r-0", genuine(1, 0)));
            pipeline.requests.pipeInput("b", request("r-1", genuine(1, 1)));
            assertThat(pipeline.verdicts.isEmpty()).isTrue();

            // When the first tick comes, they arrived since the last one: more may be coming
            pipeline.driver.advanceWallClockTime(settings.batch().punctuationInterval());
            assertThat(pipeline.verdicts.isEmpty()).isTrue();

            // Then the next tick, far less than the 50 ms delay, finds the input quiet and
            // scores both in one batch
            pipeline.driver.advanceWallClockTime(settings.batch().punctuationInterval());
            assertThat(pipeline.verdicts.readValuesToList())
                    .extracting(Verdict::getRequestId)
                    .containsExactly("r-0", "r-1");
        }
    }
}
