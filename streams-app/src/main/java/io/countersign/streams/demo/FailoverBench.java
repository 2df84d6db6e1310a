package io.countersign.streams.demo;

import io.countersign.streams.cli.ServiceCli;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupDescription;

/**
 * {@code countersign bench --failover}: SIGKILLs {@code serve} instances (child JVMs on a
 * co-located broker) under a steady load and measures how soon requests get verdicts again, and
 * that none was lost or doubled.
 */
final class FailoverBench {

    private static final String GROUP = "countersign-failover";

    private final Path model;
    private final double rate;
    private final List<String> extraSettings;

    /** The scenarios, by the names {@code --failover-scenarios} takes. */
    static final List<String> SCENARIOS = List.of("static", "dynamic", "survivor", "standby");

    private final List<String> scenarios;

    FailoverBench(Path model, double rate, List<String> extraSettings, List<String> scenarios) {
        this.model = model.toAbsolutePath();
        this.rate = rate;
        this.extraSettings = List.copyOf(extraSettings);
        this.scenarios = List.copyOf(scenarios);
        if (!SCENARIOS.containsAll(scenarios)) {
            throw new IllegalArgumentException(
                    "--failover-scenarios takes " + String.join(", ", SCENARIOS));
        }
    }

    /** Runs the scenarios and prints one line of figures for each. */
    int run() throws Exception {
        int failures = 0;
        if (scenarios.contains("static")) {
            failures += scenario("restart, static membership", 1, 0, true, "auto");
        }
        if (scenarios.contains("dynamic")) {
            failures += scenario("restart, dynamic membership", 1, 0, true, "none");
        }
        if (scenarios.contains("survivor")) {
            failures += scenario("survivor, no standby", 2, 0, false, "auto");
        }
        if (scenarios.contains("standby")) {
            failures += scenario("survivor, standby.replicas=1", 2, 1, false, "auto");
        }
        return failures == 0 ? 0 : 1;
    }

    private int scenario(
            String name, int instances, int standbys, boolean restart, String instanceId)
            throws Exception {
        System.out.printf("%n== %s ==%n", name);
        Path work = DemoCommand.workDirectory("failover-");
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(work.resolve("kafka"), 20 << 20, 0)) {
            List<Path> configs = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                configs.add(config(work, i, broker.bootstrapServers(), standbys, instanceId));
            }
            List<Process> running = new ArrayList<>();
            try {
                return measure(name, work, configs, running, broker.bootstrapServers(), restart);
            } finally {
                for (Process p : running) {
                    p.destroyForcibly().waitFor();
                }
            }
        } finally {
            DemoCommand.deleteRecursively(work);
        }
    }

    /** Starts the instances, offers the load, kills the first one and reports. */
    private int measure(
            String name,
            Path work,
            List<Path> configs,
            List<Process> running,
            String bootstrap,
            boolean restart)
            throws Exception {
        for (int i = 0; i < configs.size(); i++) {
            // One after the other: the first creates the topics.
            running.add(start(configs.get(i), work.resolve("serve-" + i + ".log")));
            awaitRunning(running.get(i), work.resolve("serve-" + i + ".log"));
        }
        FailoverLoad load = new FailoverLoad(bootstrap, rate);
        load.enrolAndWarmUp();
        Thread sender = new Thread(load::send, "failover-load");
        Thread reader = new Thread(load::read, "failover-verdicts");
        sender.setDaemon(true);
        reader.setDaemon(true);
        reader.start();
        sender.start();
        Thread.sleep(8_000); // steady state; with standbys, time for them to catch up
        long killed = System.nanoTime();
        load.killedAt = killed;
        running.get(0).destroyForcibly().waitFor();
        if (restart) {
            running.set(0, start(configs.get(0), work.resolve("serve-0-restarted.log")));
        }
        watchGroup(bootstrap, load, killed);
        Thread.sleep(Math.max(0, 25_000 - (System.nanoTime() - killed) / 1_000_000));
        load.stop.set(true);
        sender.join();
        load.awaitAll(Duration.ofSeconds(120));
        load.done.set(true);
        reader.join();
        printWarnings(work);
        return load.report(name);
    }

    /** What an operator would see in the instances' logs: their WARN and ERROR lines. */
    private static void printWarnings(Path work) throws IOException {
        try (var logs = Files.list(work)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines =
                        Files.readAllLines(log).stream()
                                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                                .toList();
                System.out.printf("  %s: %d WARN/ERROR lines%n", log.getFileName(), lines.size());
                lines.stream()
                        .limit(8)
                        .forEach(
                                l ->
                                        System.out.println(
                                                "    "
                                                        + l.substring(
                                                                0, Math.min(240, l.length()))));
            }
        }
    }

    private Path config(Path work, int i, String bootstrap, int standbys, String instanceId)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("model.dir=" + model);
        lines.add("kafka.bootstrap.servers=" + bootstrap);
        lines.add("state.dir=" + work.resolve("state-" + i));
        lines.add("application.id=" + GROUP);
        lines.add("application.server=localhost:" + (20000 + i));
        lines.add("http.port=0");
        lines.add("topics.partitions=4");
        lines.add("standby.replicas=" + standbys);
        lines.add("group.instance-id=" + instanceId);
        lines.addAll(extraSettings);
        Path file = work.resolve("serve-" + i + ".properties");
        Files.write(file, lines);
        return file;
    }

    private static Process start(Path config, Path log) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ServiceCli.class.getName(),
                        "serve",
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitRunning(Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!Files.readString(log).contains("Countersign is RUNNING")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("serve did not start; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** Prints the group's state and members each second until every partition answers again. */
    private static void watchGroup(String bootstrap, FailoverLoad load, long killed)
            throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            String last = "";
            while (!load.allPartitionsAnswered() && seconds(System.nanoTime() - killed) < 90) {
                String now = describe(admin);
                if (!now.equals(last)) {
                    System.out.printf(
                            "  +%5.1f s  group %s%n", seconds(System.nanoTime() - killed), now);
                    last = now;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The group's state and members (instance id / end of member id), either protocol. */
    private static String describe(Admin admin) throws InterruptedException {
        try {
            ConsumerGroupDescription group =
                    admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get();
            return group.groupState()
                    + " "
                    + group.members().stream()
                            .map(m -> member(m.groupInstanceId(), m.consumerId()))
                            .sorted()
                            .toList();
        } catch (ExecutionException notAConsumerGroup) {
            try {
                StreamsGroupDescription group =
                        admin.describeStreamsGroups(List.of(GROUP))
                                .describedGroups()
                                .get(GROUP)
                                .get();
                return "streams group "
                        + group.groupState()
                        + " epoch "
                        + group.groupEpoch()
                        + " "
                        + group.members().stream()
                                .map(m -> member(m.instanceId(), m.memberId()))
                                .sorted()
                                .toList();
            } catch (ExecutionException e) {
                return "not described: " + e.getCause().getMessage();
            }
        }
    }

    private static String member(java.util.Optional<String> instanceId, String memberId) {
        return instanceId.orElse("(dynamic)")
                + "/"
                + memberId.substring(Math.max(0, memberId.length() - 8));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
