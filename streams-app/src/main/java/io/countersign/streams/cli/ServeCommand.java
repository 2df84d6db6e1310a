package io.countersign.streams.cli;

import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code countersign serve}: runs the service until SIGTERM, then shuts down cleanly. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the verification service. Without kafka.bootstrap.servers it starts an embedded"
                    + " single-node Kafka broker.",
            "Settings: --config FILE (properties), overridden by COUNTERSIGN_* environment"
                    + " variables; see docs/operations.md."
        })
final class ServeCommand implements Callable<Integer> {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "properties or YAML file (keys in docs/operations.md)")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ServiceConfig settings = ServiceConfig.load(config, System.getenv());
        CountersignService service = CountersignService.start(settings);
        CountDownLatch stop = new CountDownLatch(1);
        // Handle SIGTERM and SIGINT ourselves rather than in a shutdown hook, so that the main
        // thread closes the stream (commit included) and the process exits 0, as orchestrators
        // expect from a clean stop.
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
        }
        System.out.printf(
                "Countersign is running. Kafka: %s  HTTP: http://localhost:%d/metrics%n"
                        + "Press Ctrl+C (or send SIGTERM) to stop.%n",
                service.bootstrapServers(), service.httpPort());
        // Also stop, with exit 1, when the stream has failed for good (see CountersignService).
        while (!stop.await(1, TimeUnit.SECONDS)) {
            if (service.streams().state() == KafkaStreams.State.ERROR) {
                System.err.println("countersign: the stream stopped after repeated failures");
                service.close();
                return 1;
            }
        }
        service.close();
        return 0;
    }
}
