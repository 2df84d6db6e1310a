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

    @Test
    void aFrozenMemberIsFencedAndAKilledOneReplacedBySurvivorWithNothingLostOrDoubled()
            throws Exception {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(dir.resolve("kafka"), 20 << 20)) {
            // Given two instances with a standby each, static members with a 6 s session
            Path configA = twoInstanceConfig(broker, "a");
            Path configB = twoInstanceConfig(broker, "b");
            Traffic traffic = new Traffic(broker.bootstrapServers());
            try (ServiceProcess a = ServiceProcess.start(configA, dir.resolve("a.log"));
                    ServiceProcess b = ServiceProcess.start(configB, dir.resolve("b.log"))) {
                traffic.enrol(8, 3);
                List<String> ids = new java.util.ArrayList<>(traffic.submit(300, 8));
                awaitVerdicts(traffic, 60, 300);

                // When a is frozen mid-transaction (SIGSTOP: a zombie), b takes its tasks over,
                // and a wakes up again (SIGCONT) holding tasks that are no longer its own
                a.signal("STOP");
                assertThat(traffic.readVerdicts(300, Duration.ofSeconds(120))).hasSize(300);
                a.signal("CONT");
                ids.addAll(traffic.submit(100, 8));
                assertExactlyOnce(traffic.readVerdicts(400, Duration.ofSeconds(120)), ids);

                // And then a is SIGKILLed for good while requests are under way
                ids.addAll(traffic.submit(100, 8));
                a.kill();

                // Then b answers every request exactly once: the zombie wrote nothing twice
                assertExactlyOnce(traffic.readVerdicts(500, Duration.ofSeconds(120)), ids);
                assertThat(b.log()).contains("Countersign is running");
            }
        }
    }

    private Path twoInstanceConfig(EmbeddedKafkaBroker broker, String name) throws Exception {
        Path config = dir.resolve(name + ".properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "model.dir="
                                + Path.of("..", "models", "signet-s-synthetic").toAbsolutePath(),
                        "kafka.bootstrap.servers=" + broker.bootstrapServers(),
                        "state.dir=" + dir.resolve("state-" + name),
                        "http.port=0",
                        "application.server=localhost:" + (name.equals("a") ? 20001 : 20002),
                        "topics.partitions=4",
                        "standby.replicas=1",
                        "group.session-timeout-ms=6000",
                        "batch.max-size=32",
                        "batch.max-delay-ms=500",
                        ""));
        return config;
    }

    private static void assertExactlyOnce(List<Verdict> verdicts, List<String> ids) {
        Map<String, Long> perRequest =
                verdicts.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Verdict::getRequestId, Collectors.counting()));
        assertThat(perRequest.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(perRequest.values()).allMatch(count -> count == 1);
        assertThat(verdicts).hasSize(ids.size());
    }

    private static void awaitVerdicts(Traffic traffic, int atLeast, int total) {
        List<Verdict> seen = traffic.readVerdicts(atLeast, Duration.ofSeconds(120), Duration.ZERO);
        assertThat(seen.size()).as("verdicts before the failure").isGreaterThanOrEqualTo(atLeast);
        assertThat(seen.size()).as("requests still waiting at the failure").isLessThan(total);
    }

    private static void awaitVerdicts(Traffic traffic, int atLeast) {
        List<Verdict> seen = traffic.readVerdicts(atLeast, Duration.ofSeconds(120), Duration.ZERO);
        assertThat(seen.size()).as("verdicts before the kill").isGreaterThanOrEqualTo(atLeast);
        assertThat(seen.size()).as("requests still waiting when killed").isLessThan(500);
    }
}
