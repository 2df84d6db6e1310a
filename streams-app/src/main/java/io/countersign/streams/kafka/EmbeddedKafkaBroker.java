package io.countersign.streams.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker in a child JVM, started from the Kafka jars on our own
 * classpath: what {@code serve} runs when no {@code bootstrap.servers} is configured, and what the
 * integration tests run against. A child process keeps the broker's memory and threads out of the
 * app and lets a test kill it (or the app) for real.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String bootstrapServers;
    private final Path dataDir;
    private final BrokerClassArchive classArchive;
    private final List<String> command;

    private EmbeddedKafkaBroker(
            Process process,
            String bootstrapServers,
            Path dataDir,
            BrokerClassArchive classArchive,
            List<String> command) {
        this.process = process;
        this.command = List.copyOf(command);
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.classArchive = classArchive;
    }

    /**
     * Starts a broker keeping its data in {@code dataDir} (formatted on first use, reused after),
     * accepting records up to {@code maxMessageBytes}, and waits until it answers.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int maxMessageBytes) {
        return start(dataDir, maxMessageBytes, 0);
    }

    /** As above, listening on {@code port} (0: any free port). */
    public static EmbeddedKafkaBroker start(Path dataDir, int maxMessageBytes, int port) {
        return start(dataDir, maxMessageBytes, port, BrokerClassArchive.defaultDirectory());
    }

    /** As above, with the broker's class archive in {@code classArchives}. */
    static EmbeddedKafkaBroker start(
            Path dataDir, int maxMessageBytes, int port, Path classArchives) {
        try {
            Files.createDirectories(dataDir);
            port = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            Path config = dataDir.resolve("server.properties");
            writeConfig(config, dataDir.resolve("logs"), port, controllerPort, maxMessageBytes);
            Path logFile = dataDir.resolve("broker.log");
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                format(config, logFile);
            }
            String classpath = BrokerClassArchive.jarsFirst(System.getProperty("java.class.path"));
            BrokerClassArchive classArchive = BrokerClassArchive.of(classArchives, classpath);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            command.add("-XX:+UseSerialGC");
            command.addAll(classArchive.jvmOptions());
            command.addAll(List.of("-cp", classpath, "kafka.Kafka", config.toString()));
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                            .start();
            EmbeddedKafkaBroker broker =
                    new EmbeddedKafkaBroker(
                            process, "localhost:" + port, dataDir, classArchive, command);
            broker.awaitReady(logFile);
            log.info(
                    "Embedded Kafka broker ready at {} (data in {})",
                    broker.bootstrapServers,
                    dataDir);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    /** The address clients connect to, e.g. {@code localhost:40123}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The command line that started the broker's JVM. */
    List<String> command() {
        return command;
    }

    /** The directory holding the broker's configuration, data and log. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker cleanly (SIGTERM) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        classArchive.publish(waitFor(Duration.ofSeconds(20)));
    }

    /** Kills the broker (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
        classArchive.publish(false);
    }

    /** Whether the broker exited by itself within {@code timeout} (else it is killed). */
    private boolean waitFor(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void awaitReady(Path logFile) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        awaitPort(deadline, logFile);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the embedded Kafka broker exited with code "
                                    + process.exitValue()
                                    + "; see "
                                    + logFile);
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting Kafka", e);
                }
            }
        }
        close();
        throw new IllegalStateException(
                "the embedded Kafka broker did not answer within "
                        + STARTUP_TIMEOUT.toSeconds()
                        + " s; see "
                        + logFile);
    }

    /** Waits for the listener before any client connects, so clients log no refused attempts. */
    private void awaitPort(Instant deadline, Path logFile) {
        int port =
                Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("localhost", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
    }

    /**
     * Formats the storage in this JVM: it is a few small files, and a child JVM to write them cost
     * about 1.6 s of every fresh broker's start.
     */
    private static void format(Path config, Path logFile) throws IOException {
        int exitCode;
        try (PrintStream out =
                new PrintStream(
                        Files.newOutputStream(
                                logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                        true,
                        StandardCharsets.UTF_8)) {
            String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
            exitCode = kafka.tools.StorageTool.execute(args, out);
        } catch (RuntimeException e) { // the tool's own failures are unchecked
            throw new IllegalStateException(
                    "formatting the embedded Kafka broker's storage failed: "
                            + e.getMessage()
                            + "; see "
                            + logFile,
                    e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "formatting the embedded Kafka broker's storage failed (exit code "
                            + exitCode
                            + "); see "
                            + logFile);
        }
    }

    private static void writeConfig(
            Path file, Path logDir, int port, int controllerPort, int maxMessageBytes)
            throws IOException {
        Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        config.put(
                "listeners",
                "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "false");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "4");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Images are large records: the broker must take what the producers may send.
        config.put("message.max.bytes", Integer.toString(maxMessageBytes));
        config.put("replica.fetch.max.bytes", Integer.toString(maxMessageBytes));
        StringBuilder text = new StringBuilder("# Written by Countersign's embedded broker\n");
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
