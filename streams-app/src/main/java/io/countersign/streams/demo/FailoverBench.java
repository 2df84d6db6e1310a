package io.countersign.streams.demo;

import io.countersign.events.EnrollmentEvent;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.serde.EventSerdes;
import io.countersign.streams.cli.ServiceCli;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
        Load load = new Load(bootstrap);
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
        return load.report(name);
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
                        "-Dai.djl.offline=true",
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
    private static void watchGroup(String bootstrap, Load load, long killed) throws Exception {
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

    /** The offered load: requests at a fixed rate, and the verdicts that come back. */
    private final class Load {

        private final String bootstrap;
        private final List<DemoWorkload.Request> templates;
        private final List<EnrollmentEvent> enrollments;
        private final Map<String, long[]> submitted = new ConcurrentHashMap<>();
        private final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
        private final Map<String, Integer> verdicts = new ConcurrentHashMap<>();
        private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile long killedAt = Long.MAX_VALUE;

        Load(String bootstrap) {
            this.bootstrap = bootstrap;
            DemoWorkload workload = new DemoWorkload(7, 8, 3, 3, "fo");
            this.enrollments = workload.enrollments();
            this.templates =
                    workload.requests().stream()
                            .filter(r -> r.truth() != DemoWorkload.Truth.CORRUPT)
                            .toList();
        }

        void enrolAndWarmUp() throws Exception {
            try (KafkaProducer<String, EnrollmentEvent> producer =
                    producer(EventSerdes.enrollment().serializer())) {
                for (EnrollmentEvent e : enrollments) {
                    producer.send(
                            new ProducerRecord<>("signature.enrollments", e.getCustomerId(), e));
                }
            }
            Thread.sleep(5_000);
        }

        void send() {
            try (KafkaProducer<String, VerificationRequest> producer =
                    producer(EventSerdes.request().serializer())) {
                long start = System.nanoTime();
                for (int i = 0; !stop.get(); i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    DemoWorkload.Request t = templates.get(i % templates.size());
                    String id = "fo-" + i;
                    VerificationRequest request =
                            VerificationRequest.newBuilder(t.request())
                                    .setRequestId(id)
                                    .setSubmittedAt(Instant.now())
                                    .build();
                    submitted.put(id, new long[] {System.nanoTime()});
                    producer.send(
                            new ProducerRecord<>("signature.requests", t.customerId(), request),
                            (metadata, error) -> {
                                if (metadata != null) {
                                    partitionOf.put(id, metadata.partition());
                                }
                            });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void read() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "failover-bench-reader");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, Verdict> consumer =
                    new KafkaConsumer<>(
                            props,
                            new StringDeserializer(),
                            EventSerdes.verdict().deserializer())) {
                consumer.subscribe(List.of("signature.verdicts"));
                while (!done.get()) {
                    for (ConsumerRecord<String, Verdict> r : consumer.poll(Duration.ofMillis(50))) {
                        String id = r.value().getRequestId();
                        verdicts.merge(id, 1, Integer::sum);
                        answeredAt.putIfAbsent(id, System.nanoTime());
                    }
                }
            }
        }

        /** Whether, for every partition, a request submitted after the kill has its verdict. */
        boolean allPartitionsAnswered() {
            return firstAnswerAfterKillPerPartition().size() == 4;
        }

        Map<Integer, Long> firstAnswerAfterKillPerPartition() {
            Map<Integer, Long> first = new TreeMap<>();
            answeredAt.forEach(
                    (id, at) -> {
                        long[] sent = submitted.get(id);
                        Integer partition = partitionOf.get(id);
                        if (sent != null && partition != null && sent[0] >= killedAt) {
                            first.merge(partition, at, Math::min);
                        }
                    });
            return first;
        }

        void awaitAll(Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (!verdicts.keySet().containsAll(submitted.keySet())
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            Thread.sleep(2_000); // a duplicate would come now
        }

        int report(String name) {
            String firstAfterKill =
                    submitted.entrySet().stream()
                            .filter(e -> e.getValue()[0] >= killedAt)
                            .min((a, b) -> Long.compare(a.getValue()[0], b.getValue()[0]))
                            .map(Map.Entry::getKey)
                            .orElseThrow();
            Long firstAnswer = answeredAt.get(firstAfterKill);
            Map<Integer, Long> perPartition = firstAnswerAfterKillPerPartition();
            long lost = submitted.keySet().stream().filter(id -> !verdicts.containsKey(id)).count();
            long doubled = verdicts.values().stream().filter(n -> n > 1).count();
            long allPartitions =
                    perPartition.size() == 4
                            ? perPartition.values().stream()
                                    .mapToLong(Long::longValue)
                                    .max()
                                    .orElseThrow()
                            : -1;
            System.out.printf(
                    "RESULT %-30s first request after the kill answered %s; every partition"
                            + " answering again %s; requests %d, lost %d, doubled %d%n",
                    name,
                    firstAnswer == null ? "never" : since(firstAnswer),
                    allPartitions < 0 ? "never" : since(allPartitions),
                    submitted.size(),
                    lost,
                    doubled);
            return lost == 0 && doubled == 0 ? 0 : 1;
        }

        private String since(long nanos) {
            return String.format("%.1f s after", seconds(nanos - killedAt));
        }

        private <V> KafkaProducer<String, V> producer(
                org.apache.kafka.common.serialization.Serializer<V> values) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
            return new KafkaProducer<>(props, new StringSerializer(), values);
        }
    }
}
