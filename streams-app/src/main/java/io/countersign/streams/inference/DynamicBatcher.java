package io.countersign.streams.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Merges batches that several stream threads hand over at the same moment into one model run, as
 * serving systems do, bounded by a maximum batch size.
 *
 * <p>Leader/follower without a thread of its own: every caller queues its images and then takes the
 * run lock; whoever holds it drains the queue (its own images and whatever arrived while the
 * previous run was busy) into runs of at most {@code maxBatch}. One session runs at a time, which
 * is what a GPU wants and costs a CPU nothing (ONNX Runtime already uses every core per run).
 */
final class DynamicBatcher {

    private record Pending(List<float[]> images, CompletableFuture<float[][]> result) {}

    private final Function<List<float[]>, float[][]> run;
    private final int maxBatch;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private final ReentrantLock runLock = new ReentrantLock();

    DynamicBatcher(Function<List<float[]>, float[][]> run, int maxBatch) {
        this.run = run;
        this.maxBatch = maxBatch;
    }

    float[][] embed(List<float[]> images) {
        List<CompletableFuture<float[][]>> parts = new ArrayList<>();
        synchronized (queue) {
            for (int from = 0; from < images.size(); from += maxBatch) {
                List<float[]> chunk =
                        images.subList(from, Math.min(images.size(), from + maxBatch));
                Pending pending = new Pending(chunk, new CompletableFuture<>());
                queue.add(pending);
                parts.add(pending.result());
            }
        }
        for (CompletableFuture<float[][]> part : parts) {
            while (!part.isDone()) {
                runLock.lock();
                try {
                    if (!part.isDone()) {
                        runOnce();
                    }
                } finally {
                    runLock.unlock();
                }
            }
        }
        return join(parts, images.size());
    }

    /** Whether no run is in progress and none waits: a new batch would start at once. */
    boolean idle() {
        synchronized (queue) {
            return queue.isEmpty() && !runLock.isLocked();
        }
    }

    /** How many requests wait for a run (for tests and metrics). */
    int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Takes queued requests in arrival order, up to maxBatch images, and runs them together. */
    private void runOnce() {
        List<Pending> taken = new ArrayList<>();
        List<float[]> batch = new ArrayList<>();
        synchronized (queue) {
            while (!queue.isEmpty() && batch.size() + queue.peek().images().size() <= maxBatch) {
                Pending next = queue.poll();
                taken.add(next);
                batch.addAll(next.images());
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        try {
            float[][] embeddings = run.apply(batch);
            int offset = 0;
            for (Pending pending : taken) {
                int n = pending.images().size();
                float[][] mine = new float[n][];
                System.arraycopy(embeddings, offset, mine, 0, n);
                offset += n;
                pending.result().complete(mine);
            }
        } catch (RuntimeException | Error e) {
            taken.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    private static float[][] join(List<CompletableFuture<float[][]>> parts, int total) {
        float[][] out = new float[total][];
        int offset = 0;
        for (CompletableFuture<float[][]> part : parts) {
            float[][] embeddings;
            try {
                embeddings = part.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("embedding failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while embedding", e);
            }
            System.arraycopy(embeddings, 0, out, offset, embeddings.length);
            offset += embeddings.length;
        }
        return out;
    }
}
