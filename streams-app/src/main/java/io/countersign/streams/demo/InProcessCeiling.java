package io.countersign.streams.demo;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.streams.inference.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline's second ceiling: what the service's own work costs without Kafka. Each of {@code
 * threads} workers stands in for a stream thread: it takes the next {@code batch} encoded images,
 * decodes and preprocesses them one after another, and embeds them in one call of the shared
 * embedder (which merges calls that meet), exactly the work a stream thread does per batch. The gap
 * between this and the embedder alone is preprocessing; between this and the pipeline, Kafka.
 */
final class InProcessCeiling {

    private InProcessCeiling() {}

    /** Images per second through decode + preprocess + embed; the embedder is left open. */
    static double measure(Embedder embedder, List<byte[]> encoded, int threads, int batch)
            throws Exception {
        SignaturePreprocessor preprocessor =
                new SignaturePreprocessor(embedder.card().preprocessing(), ImageLimits.DEFAULT);
        run(
                embedder,
                preprocessor,
                encoded.subList(0, Math.min(encoded.size(), 64)),
                threads,
                batch);
        long start = System.nanoTime();
        run(embedder, preprocessor, encoded, threads, batch);
        return encoded.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void run(
            Embedder embedder,
            SignaturePreprocessor preprocessor,
            List<byte[]> encoded,
            int threads,
            int batch)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(
                        pool.submit(
                                () -> {
                                    int from;
                                    while ((from = next.getAndAdd(batch)) < encoded.size()) {
                                        int to = Math.min(encoded.size(), from + batch);
                                        List<float[]> tensors = new ArrayList<>(to - from);
                                        for (byte[] image : encoded.subList(from, to)) {
                                            tensors.add(preprocessor.preprocess(image, null));
                                        }
                                        embedder.embed(tensors);
                                    }
                                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
