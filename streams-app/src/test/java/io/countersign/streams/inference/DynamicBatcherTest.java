package io.countersign.streams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The coordination alone, with a run that records its batch sizes (the model is tested above). */
class DynamicBatcherTest {

    @Test
    void mergesCallersThatArriveWhileARunIsBusy() throws Exception {
        // Given a run that blocks its first call until every caller has queued
        List<Integer> runSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allQueued = new CountDownLatch(1);
        DynamicBatcher batcher =
                new DynamicBatcher(
                        batch -> {
                            runSizes.add(batch.size());
                            if (runSizes.size() == 1) {
                                await(allQueued);
                            }
                            return batch.stream()
                                    .map(image -> new float[] {image[0] * 2})
                                    .toArray(float[][]::new);
                        },
                        16);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            // When one caller runs and four more arrive meanwhile
            List<Future<float[][]>> results = new ArrayList<>();
            results.add(pool.submit(() -> batcher.embed(List.of(new float[] {0}))));
            waitUntil(() -> runSizes.size() == 1);
            assertThat(batcher.idle()).as("busy while a run is in progress").isFalse();
            for (int t = 1; t <= 4; t++) {
                float value = t;
                results.add(
                        pool.submit(
                                () ->
                                        batcher.embed(
                                                List.of(
                                                        new float[] {value},
                                                        new float[] {value + 10}))));
            }
            waitUntil(() -> batcher.queued() == 4);
            allQueued.countDown();

            // Then every caller gets its own results, and the four waiting ones shared one run
            assertThat(results.get(0).get()[0]).containsExactly(0f);
            for (int t = 1; t <= 4; t++) {
                float[][] got = results.get(t).get();
                assertThat(got[0]).containsExactly(2f * t);
                assertThat(got[1]).containsExactly(2f * (t + 10));
            }
            assertThat(runSizes).containsExactly(1, 8);
            assertThat(batcher.idle()).as("idle once every run is done").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingRunFailsOnlyItsCallers() {
        DynamicBatcher batcher =
                new DynamicBatcher(
                        batch -> {
                            throw new IllegalStateException("model run failed");
                        },
                        4);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> batcher.embed(List.of(new float[] {1})))
                .hasMessage("model run failed");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
