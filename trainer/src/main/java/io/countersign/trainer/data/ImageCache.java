package io.countersign.trainer.data;

import io.countersign.datasets.SignatureDataset;
import io.countersign.datasets.SignatureSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocesses every image of a dataset once, in parallel, and keeps the results in memory by
 * writer; training then never decodes an image again.
 */
public final class ImageCache {

    private static final Logger log = LoggerFactory.getLogger(ImageCache.class);

    private ImageCache() {}

    /** Loads the dataset's images; unreadable ones are skipped and counted in the log. */
    public static List<WriterImages> load(SignatureDataset dataset, ImageLoader loader, int threads)
            throws InterruptedException {
        long start = System.nanoTime();
        List<SignatureSample> samples = dataset.samples();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (SignatureSample sample : samples) {
                futures.add(pool.submit(() -> loader.load(sample)));
            }
            Map<String, List<float[]>> genuine = new LinkedHashMap<>();
            Map<String, List<float[]>> forged = new LinkedHashMap<>();
            Map<String, List<String>> genuineNames = new LinkedHashMap<>();
            Map<String, List<String>> forgedNames = new LinkedHashMap<>();
            int failed = 0;
            for (int i = 0; i < samples.size(); i++) {
                SignatureSample sample = samples.get(i);
                genuine.computeIfAbsent(sample.writer(), w -> new ArrayList<>());
                forged.computeIfAbsent(sample.writer(), w -> new ArrayList<>());
                genuineNames.computeIfAbsent(sample.writer(), w -> new ArrayList<>());
                forgedNames.computeIfAbsent(sample.writer(), w -> new ArrayList<>());
                try {
                    float[] image = futures.get(i).get();
                    (sample.genuine() ? genuine : forged).get(sample.writer()).add(image);
                    // The path names the image in any other load of the same dataset.
                    (sample.genuine() ? genuineNames : forgedNames)
                            .get(sample.writer())
                            .add(sample.path().toString());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        // An image the heap had no room for is not an unreadable image: stop,
                        // rather than measure on whatever fitted.
                        throw error;
                    }
                    failed++;
                    log.warn(
                            "skipped {}: {}",
                            sample.path().getFileName(),
                            e.getCause().getMessage());
                }
            }
            List<WriterImages> writers = new ArrayList<>();
            genuine.forEach(
                    (w, images) ->
                            writers.add(
                                    new WriterImages(
                                            w,
                                            images,
                                            forged.get(w),
                                            genuineNames.get(w),
                                            forgedNames.get(w))));
            log.info(
                    "preprocessed {} images of {} writers in {} ms ({} skipped)",
                    samples.size() - failed,
                    writers.size(),
                    (System.nanoTime() - start) / 1_000_000,
                    failed);
            return writers;
        } finally {
            pool.shutdownNow();
        }
    }
}
