package io.countersign.streams.demo;

import io.countersign.datasets.DatasetException;
import io.countersign.datasets.DatasetSpec;
import io.countersign.datasets.SignatureDataset;
import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code countersign demo}: the whole system on one machine. An embedded broker and the service
 * with the shipped model; synthetic customers enrolled (or the writers of a corpus of real scans);
 * genuine signatures, skilled and random forgeries streamed; the verdicts scored against the truth;
 * then a clean stop.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Start an embedded Kafka broker and the service with the shipped model, enrol"
                        + " synthetic customers (or the writers of real scans, --scans), stream"
                        + " requests and report what came back.")
public final class DemoCommand implements Callable<Integer> {

    /** The synthetic demo's model: the real-scan models never saw the generator's forgeries. */
    static final String SYNTHETIC_MODEL = "models/signet-s-synthetic";

    private static final int SYNTHETIC_REQUESTS = 6;

    @Option(
            names = "--customers",
            defaultValue = "30",
            description = "customers to enrol (with --scans: writers, picked at random)")
    int customers;

    @Option(
            names = "--references",
            defaultValue = "5",
            description = "reference signatures per customer")
    int references;

    @Option(
            names = "--requests",
            description =
                    "requests per customer (genuine, skilled and random forgeries; default "
                            + SYNTHETIC_REQUESTS
                            + "); with --scans, at most this many of each kind (default: all)")
    Integer requestsPerCustomer;

    @Option(
            names = "--scans",
            paramLabel = "DATASET",
            description =
                    "stream real scans instead of synthetic signatures: a dataset as the trainer"
                            + " names it (folders:DIR, sign_data:DIR, bhsig260:DIR, cedar:DIR,"
                            + " gpds:DIR, mcyt:DIR),"
                            + " repeatable; each writer enrols --references genuine signatures"
                            + " and is questioned with the rest, their forgeries and other"
                            + " writers' signatures")
    List<String> scans = List.of();

    @Option(
            names = "--model",
            description =
                    "model directory (default: "
                            + SYNTHETIC_MODEL
                            + ", or with --scans the service's default model.dir)")
    Path model;

    @Option(
            names = "--seed",
            defaultValue = "2024",
            description = "seed of the synthetic customers, or of the writers and references drawn")
    long seed;

    @Override
    public Integer call() throws Exception {
        Workload workload = workload();
        Path work = workDirectory("demo-");
        int httpPort = freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("state.dir", work.resolve("state").toString());
        settings.put("embedded.kafka.dir", work.resolve("kafka").toString());
        settings.put("http.port", Integer.toString(httpPort));
        settings.put("embedded.kafka.port", "0");
        settings.put("application.id", "countersign-demo");
        if (model != null || scans.isEmpty()) {
            settings.put("model.dir", model == null ? SYNTHETIC_MODEL : model.toString());
        }
        ServiceConfig config = ServiceConfig.of(settings);
        System.out.println(
                "Starting an embedded Kafka broker and the service (model "
                        + config.modelDir()
                        + ")...");
        long started = System.nanoTime();
        try (CountersignService service = CountersignService.start(config)) {
            System.out.printf(
                    "Running after %.1f s: Kafka at %s, metrics at http://localhost:%d/metrics%n",
                    (System.nanoTime() - started) / 1e9, service.bootstrapServers(), httpPort);
            DemoReport report = new DemoRun(service, workload).run();
            report.print(System.out, httpPort);
            System.out.println("Stopping the service and the broker...");
        } finally {
            deleteRecursively(work);
        }
        System.out.println("Done.");
        return 0;
    }

    private Workload workload() {
        if (customers < 1 || references < 1) {
            throw new IllegalArgumentException("--customers and --references must be at least 1");
        }
        if (scans.isEmpty()) {
            return new SyntheticWorkload(
                    seed,
                    customers,
                    references,
                    requestsPerCustomer == null ? SYNTHETIC_REQUESTS : requestsPerCustomer);
        }
        SignatureDataset data;
        try {
            data = DatasetSpec.load(scans);
        } catch (DatasetException e) {
            throw new IllegalArgumentException("--scans: " + e.getMessage(), e);
        }
        ScanWorkload workload =
                new ScanWorkload(
                        data,
                        customers,
                        references,
                        requestsPerCustomer == null ? Integer.MAX_VALUE : requestsPerCustomer,
                        seed);
        System.out.printf(
                "Scans: %s%n  %d customers, %d references each (writers picked at random, seed %d)%n",
                data.summary(), workload.customers(), references, seed);
        if (workload.writersWithTooFewGenuine() > 0) {
            System.out.printf(
                    "  %d writers left out: no more than %d genuine signatures, none to question%n",
                    workload.writersWithTooFewGenuine(), references);
        }
        return workload;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A fresh directory under {@code .countersign/}, not the OS temp directory: a temp cleaner may
     * empty that under a running store, which Kafka Streams rightly warns about.
     */
    static Path workDirectory(String prefix) throws IOException {
        Path parent = Files.createDirectories(Path.of(".countersign"));
        return Files.createTempDirectory(parent, prefix).toAbsolutePath();
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        }
    }
}
