package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.events.Verdict;
import io.countersign.schemas.DeadLetterHeaders;
import io.countersign.schemas.serde.EventSerdes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code countersign serve} as an operator runs it, with nothing but a YAML file: it starts its
 * embedded broker, turns ready, answers for its customers, serves every documented metric with a
 * value that matches the traffic, dead-letters garbage byte for byte, and stops on SIGTERM with
 * exit 0 and nothing lost.
 */
class ServeIT {

    private static final int CUSTOMERS = 3;
    private static final int FIRST = 24;
    private static final int SECOND = 40;

    @TempDir Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesVerifiesReportsAndStopsCleanlyOnSigterm() throws Exception {
        int kafkaPort = freePort();
        int httpPort = freePort();
        Path config = dir.resolve("countersign.yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "model:",
                        "  dir: " + Path.of("..", "models", "signet-s-synthetic").toAbsolutePath(),
                        "state.dir: " + dir.resolve("state"),
                        "embedded:",
                        "  kafka:",
                        "    dir: " + dir.resolve("kafka"),
                        "    port: " + kafkaPort,
                        "http:",
                        "  port: " + httpPort,
                        "batch:",
                        "  max-size: 16",
                        // Long enough that requests still wait when SIGTERM comes.
                        "  max-delay-ms: 1000",
                        ""));
        String base = "http://localhost:" + httpPort;
        Traffic traffic = new Traffic("localhost:" + kafkaPort);

        List<String> ids = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(config, dir.resolve("first.log"))) {
            // Given a running service with its own broker: live, and ready once warmed up
            assertThat(status(base + "/health/live")).isEqualTo(200);
            assertThat(awaitStatus(base + "/health/ready", 200)).isEqualTo(200);

            // When customers enrol, sign, and a broken producer sends garbage and a corrupt image
            traffic.enrol(CUSTOMERS, 3);
            assertThat(awaitStatus(base + "/customers/" + Traffic.customer(0), 200)).isEqualTo(200);
            ids.addAll(traffic.submit(FIRST, CUSTOMERS));
            byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);
            traffic.submitRaw(Traffic.customer(1), garbage);
            traffic.submitRaw(
                    Traffic.customer(2),
                    EventSerdes.request()
                            .serializer()
                            .serialize(
                                    "signature.requests",
                                    Traffic.request("corrupt", new byte[] {(byte) 0x89, 'P'})));

            // Then every good request gets its verdict, read by a plain read-committed consumer
            List<Verdict> verdicts = traffic.readVerdicts(FIRST, Duration.ofSeconds(90));
            assertThat(verdicts)
                    .extracting(Verdict::getRequestId)
                    .containsExactlyInAnyOrderElementsOf(ids);

            // And the garbage is a dead letter, byte for byte, with its error code
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(traffic, 2);
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_CODE))
                    .isEqualTo("SCHEMA_MISMATCH");
            assertThat(header(dead.get(1), DeadLetterHeaders.ERROR_CODE))
                    .isEqualTo("UNDECODABLE_IMAGE");

            // And /customers answers with metadata only
            String customer = body(base + "/customers/" + Traffic.customer(0));
            assertThat(customer)
                    .contains(
                            "\"enrolled\":true",
                            "\"references\":3",
                            "\"bitonalReferences\":" + traffic.bitonalReferences(0, 3) + ",",
                            "\"broaderPen\":0,",
                            "modelVersion");
            assertThat(status(base + "/customers/nobody")).isEqualTo(404);

            // And every documented metric is served, with values that match the traffic
            String metrics = body(base + "/metrics");
            for (String metric : documentedMetrics()) {
                assertThat(metrics)
                        .as("/metrics serves %s", metric)
                        .containsPattern("(?m)^" + metric + "[_{ ]");
            }
            assertThat(sum(metrics, "countersign_verdicts_total")).isEqualTo(FIRST);
            assertThat(sum(metrics, "countersign_verdict_latency_seconds_count")).isEqualTo(FIRST);
            assertThat(sum(metrics, "countersign_dead_letters_total")).isEqualTo(2);
            assertThat(sum(metrics, "countersign_dead_letters_total{code=\"SCHEMA_MISMATCH\""))
                    .isEqualTo(1);
            // References and requests, the corrupt image's failed attempt not counted
            assertThat(sum(metrics, "countersign_preprocess_seconds_count"))
                    .isEqualTo(FIRST + CUSTOMERS * 3);
            assertThat(sum(metrics, "countersign_embedder_batch_size_images_sum"))
                    .isEqualTo(traffic.embeddedImages(CUSTOMERS, 3, FIRST));
            assertThat(sum(metrics, "countersign_requests_admitted_total")).isEqualTo(FIRST);
            assertThat(sum(metrics, "countersign_embedder_run_seconds_count")).isPositive();
            assertThat(sum(metrics, "countersign_embedder_errors_total")).isZero();
            assertThat(sum(metrics, "countersign_reembeddings_total")).isZero();
            assertThat(sum(metrics, "countersign_pending_requests")).isZero();
            assertThat(sum(metrics, "countersign_enrolled_customers")).isBetween(1.0, 6.0);
            assertThat(metrics).containsPattern("countersign_model_info\\{.*device=\"cpu\"");
            assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag");
            assertThat(metrics).contains("jvm_memory_used_bytes");
            assertThat(metrics).doesNotContain(Traffic.customer(0));

            // When more requests arrive and SIGTERM comes while some still wait for their batch
            ids.addAll(traffic.submit(SECOND, CUSTOMERS));
            Thread.sleep(300);
            int exit = service.terminate();

            // Then it exits 0 after a clean shutdown
            assertThat(exit).as(service.log()).isZero();
            assertThat(service.log()).contains("Shut down cleanly");
        }

        // And, started again on the same state and broker data, nothing was lost or repeated
        try (ServiceProcess again = ServiceProcess.start(config, dir.resolve("second.log"))) {
            List<Verdict> all = traffic.readVerdicts(FIRST + SECOND, Duration.ofSeconds(90));
            Map<String, Long> perRequest =
                    all.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            Verdict::getRequestId, Collectors.counting()));
            assertThat(perRequest.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(perRequest.values()).allMatch(count -> count == 1);
            assertThat(again.terminate()).isZero();
        }
    }

    /** The metric names of the table in docs/operations.md, the operator's reference. */
    private static List<String> documentedMetrics() throws IOException {
        Matcher m =
                Pattern.compile("(?m)^\\| `(countersign_[a-z_]+)")
                        .matcher(Files.readString(Path.of("..", "docs", "operations.md")));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("metrics documented in docs/operations.md").hasSizeGreaterThan(8);
        return names;
    }

    /** The sum of every sample whose name (and labels) start with {@code prefix}. */
    private static double sum(String metrics, String prefix) {
        return metrics.lines()
                .filter(line -> line.startsWith(prefix))
                .filter(
                        line ->
                                prefix.contains("{")
                                        || " {".indexOf(line.charAt(prefix.length())) >= 0)
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters(Traffic traffic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, traffic.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("signature.requests.dlq"));
            Instant deadline = Instant.now().plusSeconds(30);
            while (records.size() < expected && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        // They may sit in different partitions: order them by code, SCHEMA_MISMATCH first
        records.sort(
                (a, b) ->
                        header(a, DeadLetterHeaders.ERROR_CODE)
                                .compareTo(header(b, DeadLetterHeaders.ERROR_CODE)));
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private int awaitStatus(String url, int wanted) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        int status = status(url);
        while (status != wanted && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = status(url);
        }
        return status;
    }

    private int status(String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private String body(String url) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
