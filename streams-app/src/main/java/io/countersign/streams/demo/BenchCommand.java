package io.countersign.streams.demo;

import io.countersign.core.image.ImageLimits;
import io.countersign.core.preprocess.SignaturePreprocessor;
import io.countersign.datasets.synthetic.SyntheticSignatures;
import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.inference.Embedder;
import io.countersign.streams.inference.OnnxEmbedder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code countersign bench}: the embedder's ceiling at batch sizes 1, 8 and 32, then the whole
 * pipeline on an embedded broker with the configured micro-batching and with batching off: each
 * offered everything at once (throughput) and at a fixed rate (latency).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Measure the embedder alone (batch 1, 8, 32) and the"
                        + " whole pipeline with and without micro-batching, on an embedded"
                        + " broker: throughput, and p50/p99 latency at a fixed offered load.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "a small run (CI smoke test)")
    boolean quick;

    @Option(names = "--json", description = "print the results as one JSON object")
    boolean json;

    @Option(
            names = "--model",
            defaultValue = "models/signet-s-synthetic",
            description = "model directory")
    Path model;

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            description = "batch.max-size of the batched pipeline")
    int batchSize;

    @Option(
            names = "--rate",
            defaultValue = "20",
            description =
                    "offered load of the latency runs, requests/s (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--failover",
            description =
                    "instead: SIGKILL serve instances under load and time how soon requests get"
                            + " verdicts again (scripts/failover-bench.sh)")
    boolean failover;

    @Option(
            names = "--failover-rate",
            defaultValue = "8",
            description =
                    "offered load of the failover runs, requests/s (default: ${DEFAULT-VALUE})")
    double failoverRate;

    @Option(
            names = "--set",
            description =
                    "a service setting for the pipeline runs (or the failover runs' instances),"
                            + " key=value (repeatable), e.g. stream.threads=4 or"
                            + " kafka.commit.interval.ms=50")
    List<String> settings = new ArrayList<>();

    @Option(
            names = "--failover-scenarios",
            split = ",",
            defaultValue = "static,dynamic,survivor,standby",
            description = "which failover runs (default: ${DEFAULT-VALUE})")
    List<String> failoverScenarios;

    @Override
    public Integer call() throws Exception {
        if (failover) {
            return new FailoverBench(model, failoverRate, settings, failoverScenarios).run();
        }
        if (!(rate > 0)) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this),
                    "--rate must be a positive number of requests/s");
        }
        PrintStream people = System.out;
        if (json) {
            // Progress goes to stderr so that stdout holds only the JSON.
            System.setOut(System.err);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        try {
            Map<String, String> values = new LinkedHashMap<>(settingsMap());
            values.put("model.dir", model.toString());
            ServiceConfig config = ServiceConfig.of(values);
            try (Embedder embedder = OnnxEmbedder.open(config.modelDir(), config.inference())) {
                results.put("embedder_images_per_s", ceiling(embedder));
                results.put("in_process", inProcess(embedder, config.streamThreads()));
            }
            results.put("pipeline_batched", pipeline(batchSize, 0));
            results.put("pipeline_unbatched", pipeline(1, 0));
            results.put("fixed_load_batched", pipeline(batchSize, rate));
            results.put("fixed_load_unbatched", pipeline(1, rate));
        } finally {
            System.setOut(people);
        }
        if (json) {
            people.println(BenchTable.json(results));
        } else {
            BenchTable.print(people, results, batchSize, rate);
        }
        return 0;
    }

    /** Images per second of {@code embedder} alone, by batch size. */
    private Map<String, Double> ceiling(Embedder embedder) {
        Map<String, Double> perSecond = new LinkedHashMap<>();
        {
            List<float[]> images = images(embedder, 32);
            int total = quick ? 32 : 256;
            for (int batch : new int[] {1, 8, 32}) {
                List<float[]> slice = images.subList(0, batch);
                for (int warm = 0; warm < 3; warm++) {
                    embedder.embed(slice);
                }
                long start = System.nanoTime();
                for (int done = 0; done < total; done += batch) {
                    embedder.embed(slice);
                }
                perSecond.put(Integer.toString(batch), total / ((System.nanoTime() - start) / 1e9));
                System.out.printf("  embedder, batch %2d: measured%n", batch);
            }
        }
        return perSecond;
    }

    /** The {@code --set} settings as a map; a malformed one is a usage error. */
    private Map<String, String> settingsMap() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new picocli.CommandLine.ParameterException(
                        new picocli.CommandLine(this),
                        "--set " + setting + ": give key=value, e.g. stream.threads=4");
            }
            values.put(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
        }
        return values;
    }

    /**
     * The second ceiling: the pipeline's own images (encoded PNGs) decoded, preprocessed and
     * embedded in process by as many threads as the service has stream threads, batched as the
     * batched pipeline is, and with a decode pool one thread per core, for comparison.
     */
    private Map<String, Double> inProcess(Embedder embedder, int streamThreads) throws Exception {
        SyntheticWorkload workload =
                new SyntheticWorkload(11, quick ? 8 : 24, 4, quick ? 4 : 20, "ceiling");
        List<byte[]> encoded = new ArrayList<>();
        for (Workload.Request r : workload.requests()) {
            if (r.truth() != Workload.Truth.CORRUPT) {
                java.nio.ByteBuffer image = r.request().getImage().duplicate();
                byte[] bytes = new byte[image.remaining()];
                image.get(bytes);
                encoded.add(bytes);
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put(
                "images_per_s",
                InProcessCeiling.measure(embedder, encoded, streamThreads, batchSize));
        result.put("threads", (double) streamThreads);
        result.put("preprocess_only_images_per_s_per_thread", preprocessOnly(embedder, encoded));
        System.out.println("  in-process decode + preprocess + embed: measured");
        return result;
    }

    /** Decode + preprocess alone on one thread, images per second. */
    private static double preprocessOnly(Embedder embedder, List<byte[]> encoded) {
        SignaturePreprocessor preprocessor =
                new SignaturePreprocessor(embedder.card().preprocessing(), ImageLimits.DEFAULT);
        encoded.subList(0, Math.min(encoded.size(), 64))
                .forEach(b -> preprocessor.preprocess(b, null));
        long start = System.nanoTime();
        encoded.forEach(b -> preprocessor.preprocess(b, null));
        return encoded.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static List<float[]> images(Embedder embedder, int count) {
        SignaturePreprocessor preprocessor =
                new SignaturePreprocessor(embedder.card().preprocessing(), ImageLimits.DEFAULT);
        SyntheticSignatures synthetic = new SyntheticSignatures(7);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(preprocessor.preprocess(synthetic.genuine(i % 8 + 1, i / 8 + 1)));
        }
        return images;
    }

    /**
     * Verdicts per second and latency of the whole pipeline with this batch.max-size, offered at
     * {@code requestsPerSecond} (0: all at once), on a fresh service and broker.
     */
    private Map<String, Double> pipeline(int maxBatch, double requestsPerSecond) throws Exception {
        Path work = DemoCommand.workDirectory("bench-");
        Map<String, String> values = new LinkedHashMap<>(settingsMap());
        values.putAll(
                Map.of(
                        "model.dir", model.toString(),
                        "state.dir", work.resolve("state").toString(),
                        "embedded.kafka.dir", work.resolve("kafka").toString(),
                        "embedded.kafka.port", "0",
                        "http.port", "0",
                        "batch.max-size", Integer.toString(maxBatch),
                        "application.id", "countersign-bench"));
        ServiceConfig config = ServiceConfig.of(values);
        System.out.printf(
                "Pipeline with batch.max-size=%d, %s:%n",
                maxBatch,
                requestsPerSecond > 0 ? requestsPerSecond + " requests/s" : "all at once");
        try (CountersignService service = CountersignService.start(config)) {
            int customers = quick ? 8 : 24;
            if (!quick) {
                // The first seconds of a JVM run interpreted code: measure after a warm-up run (the
                // same customers and references, so re-enrolling them changes nothing).
                new DemoRun(service, new SyntheticWorkload(11, customers, 4, 4, "warm-up")).run();
            }
            SyntheticWorkload workload =
                    new SyntheticWorkload(11, customers, 4, quick ? 4 : 20, "bench");
            DemoRun run = new DemoRun(service, workload, requestsPerSecond).profiled();
            DemoReport report = run.run();
            Map<String, Double> result = new LinkedHashMap<>();
            if (requestsPerSecond > 0) {
                result.put("offered_per_s", requestsPerSecond);
            }
            result.put("verdicts", (double) report.verdicts());
            result.put("sent_in_s", run.sendSeconds());
            result.put("mean_image_bytes", run.meanImageBytes());
            result.put("verdicts_per_s", report.verdicts() / Math.max(0.001, report.seconds()));
            // Lead with what a user sees: until a read_committed consumer can read the verdict.
            result.put("p50_ms", (double) report.visiblePercentile(0.50));
            result.put("p99_ms", (double) report.visiblePercentile(0.99));
            result.put("scored_p50_ms", (double) report.percentile(0.50));
            result.put("scored_p99_ms", (double) report.percentile(0.99));
            result.putAll(run.profile());
            return result;
        } finally {
            DemoCommand.deleteRecursively(work);
        }
    }
}
