package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.Verdict;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash the design is built for: the service, a child JVM, is SIGKILLed while requests wait in
 * its pending store and is started again over the same state directory. Exactly-once and the
 * changelogged pending store must give every request exactly one verdict.
 */
class CrashRecoveryIT {

    @TempDir Path dir;

    @Test
    void aKilledServiceRestartedOnItsStateLosesAndDuplicatesNothing() throws Exception {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(dir.resolve("kafka"), 20 << 20)) {
            Path config = dir.resolve("countersign.properties");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "model.dir="
                                    + Path.of("..", "models", "signet-s-synthetic")
                                            .toAbsolutePath(),
                            "kafka.bootstrap.servers=" + broker.bootstrapServers(),
                            "state.dir=" + dir.resolve("state"),
                            "http.port=0",
                            "topics.partitions=4",
                            // Long waits keep requests in the pending store when the kill comes.
                            "batch.max-size=32",
                            "batch.max-delay-ms=1500",
                            ""));
            Traffic traffic = new Traffic(broker.bootstrapServers());

            ServiceProcess first = ServiceProcess.start(config, dir.resolve("first.log"));
            traffic.enrol(8, 3);
            List<String> ids = traffic.submit(500, 8);
            awaitVerdicts(traffic, 100);
            first.kill();

            try (ServiceProcess second = ServiceProcess.start(config, dir.resolve("second.log"))) {
                List<Verdict> verdicts = traffic.readVerdicts(500, Duration.ofSeconds(150));

                Map<String, Long> perRequest =
                        verdicts.stream()
                                .collect(
                                        Collectors.groupingBy(
                                                Verdict::getRequestId, Collectors.counting()));
                assertThat(perRequest.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(perRequest.values()).allMatch(count -> count == 1);
                assertThat(verdicts).hasSize(500);
            }
        }
    }

    private static void awaitVerdicts(Traffic traffic, int atLeast) {
        List<Verdict> seen = traffic.readVerdicts(atLeast, Duration.ofSeconds(120), Duration.ZERO);
        assertThat(seen.size()).as("verdicts before the kill").isGreaterThanOrEqualTo(atLeast);
        assertThat(seen.size()).as("requests still waiting when killed").isLessThan(500);
    }
}
