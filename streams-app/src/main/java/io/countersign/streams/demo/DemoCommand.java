package io.countersign.streams.demo;

import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code countersign demo}: the whole system on one machine. An embedded broker and the service
 * with the shipped model; synthetic customers enrolled; genuine signatures, skilled and random
 * forgeries streamed; the verdicts scored against the truth; then a clean stop.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Start an embedded Kafka broker and the service with the shipped model, enrol"
                        + " synthetic customers, stream requests and report what came back.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--customers", defaultValue = "30", description = "customers to enrol")
    int customers;

    @Option(
            names = "--references",
            defaultValue = "5",
            description = "reference signatures per customer")
    int references;

    @Option(
            names = "--requests",
            defaultValue = "6",
            description = "requests per customer (genuine, skilled and random forgeries)")
    int requestsPerCustomer;

    @Option(
            names = "--model",
            defaultValue = "models/signet-s-synthetic",
            description = "model directory")
    Path model;

    @Option(
            names = "--seed",
            defaultValue = "2024",
            description = "seed of the synthetic customers")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path work = workDirectory("demo-");
        int httpPort = freePort();
        ServiceConfig config =
                ServiceConfig.of(
                        Map.of(
                                "model.dir", model.toString(),
                                "state.dir", work.resolve("state").toString(),
                                "embedded.kafka.dir", work.resolve("kafka").toString(),
                                "http.port", Integer.toString(httpPort),
                                "embedded.kafka.port", "0",
                                "application.id", "countersign-demo"));
        System.out.println(
                "Starting an embedded Kafka broker and the service (model " + model + ")...");
        long started = System.nanoTime();
        try (CountersignService service = CountersignService.start(config)) {
            System.out.printf(
                    "Running after %.1f s: Kafka at %s, metrics at http://localhost:%d/metrics%n",
                    (System.nanoTime() - started) / 1e9, service.bootstrapServers(), httpPort);
            DemoWorkload workload =
                    new DemoWorkload(seed, customers, references, requestsPerCustomer);
            DemoReport report = new DemoRun(service, workload).run();
            report.print(System.out, httpPort);
            System.out.println("Stopping the service and the broker...");
        } finally {
            deleteRecursively(work);
        }
        System.out.println("Done.");
        return 0;
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
