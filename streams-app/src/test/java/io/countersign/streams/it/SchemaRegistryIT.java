package io.countersign.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.countersign.events.Verdict;
import io.countersign.events.VerificationRequest;
import io.countersign.schemas.DeadLetterHeaders;
import io.countersign.schemas.history.SchemaHistory;
import io.countersign.schemas.serde.EventSerdes;
import io.countersign.streams.app.CountersignService;
import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.demo.SyntheticEvents;
import io.countersign.streams.kafka.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service with a real schema registry (Apicurio, Confluent-compatible API) and a real broker:
 * producers using the registry library's own serializer and producers using single-object encoding
 * on the same topics, a consumer using the library's deserializer, an incompatible subject refused
 * at start-up, and a registry that hangs mid-stream for six times the client's request timeout.
 */
class SchemaRegistryIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path shared;
    @TempDir Path dir;

    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = ApicurioRegistry.start(shared.resolve("registry.log"));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void bothFramingsInOneVerdictEachAndTheLibrarysDeserializerReadsThem() throws Exception {
        try (EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.start(dir.resolve("kafka"), 20 << 20);
                CountersignService service = CountersignService.start(config(broker))) {
            Traffic traffic = new Traffic(broker.bootstrapServers());
            traffic.enrol(4, 3);

            // Given requests from a stock registry producer and from a single-object producer
            List<String> ids = new ArrayList<>();
            ids.addAll(traffic.submit(15, 4, apicurioSerializer(), "registry"));
            ids.addAll(traffic.submit(15, 4, EventSerdes.request().serializer(), "single"));
            // and two registry-framed records the service must not read as a request
            traffic.submitRaw(Traffic.customer(0), registryFramed(Integer.MAX_VALUE));
            int verdictId = latestId("signature.verdicts-value");
            traffic.submitRaw(Traffic.customer(1), registryFramed(verdictId));

            // When the verdicts are read with the library's deserializer
            List<Verdict> verdicts =
                    traffic.read(
                            "signature.verdicts",
                            30,
                            Duration.ofSeconds(120),
                            Duration.ofSeconds(2),
                            apicurioDeserializer());

            // Then every request has exactly one verdict, written in the registry framing
            assertThat(verdicts)
                    .extracting(Verdict::getRequestId)
                    .containsExactlyInAnyOrderElementsOf(ids);
            List<ConsumerRecord<String, byte[]>> raw =
                    traffic.records(
                            "signature.verdicts",
                            30,
                            Duration.ofSeconds(30),
                            Duration.ZERO,
                            new ByteArrayDeserializer());
            assertThat(raw)
                    .allSatisfy(
                            r -> {
                                assertThat(r.value()[0]).isZero();
                                assertThat(ByteBuffer.wrap(r.value(), 1, 4).getInt())
                                        .isEqualTo(verdictId);
                            });
            // and the two strangers are dead letters that name the schema id
            List<ConsumerRecord<String, byte[]>> dead = deadLetters(traffic, 2);
            assertThat(dead).hasSize(2);
            assertThat(dead)
                    .allSatisfy(
                            r ->
                                    assertThat(header(r, DeadLetterHeaders.ERROR_CODE))
                                            .isEqualTo("SCHEMA_MISMATCH"));
            assertThat(dead)
                    .extracting(r -> header(r, DeadLetterHeaders.ERROR_MESSAGE))
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .contains("schema id " + Integer.MAX_VALUE)
                                            .contains("not in the schema registry"))
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .contains("schema id " + verdictId)
                                            .contains(
                                                    "io.countersign.events.Verdict, not a io.countersign.events.VerificationRequest"));
            // and the service set BACKWARD compatibility on its subjects
            assertThat(get(registry.ccompatUrl() + "/config/signature.requests-value").body())
                    .contains("BACKWARD");

            // And the command-line tools publish in either framing and read registry verdicts
            Path image = dir.resolve("request.png");
            java.nio.file.Files.write(
                    image,
                    Traffic.png(
                            new io.countersign.datasets.synthetic.SyntheticSignatures(99)
                                    .genuine(0, 70)));
            for (String framing : List.of("registry", "single-object")) {
                CliRun submit =
                        CliRun.of(
                                "submit",
                                "--customer",
                                Traffic.customer(0),
                                image.toString(),
                                "--framing",
                                framing,
                                "--schema-registry-url",
                                registry.ccompatUrl(),
                                "--bootstrap-servers",
                                broker.bootstrapServers(),
                                "--wait",
                                "--timeout",
                                "60");
                assertThat(submit.exit()).as(framing + ": " + submit.err()).isZero();
                assertThat(submit.out()).containsPattern("request\\.png  (GENUINE|FORGED) ");
            }
            // (one partition holds the customer's records in order: the tools' two come last)
            List<byte[]> published =
                    traffic
                            .records(
                                    "signature.requests",
                                    34,
                                    Duration.ofSeconds(30),
                                    Duration.ZERO,
                                    new ByteArrayDeserializer())
                            .stream()
                            .filter(r -> r.key().equals(Traffic.customer(0)))
                            .map(ConsumerRecord::value)
                            .toList();
            assertThat(published.subList(published.size() - 2, published.size()))
                    .extracting(bytes -> bytes[0])
                    .containsExactly((byte) 0, (byte) 0xC3);
        }
    }

    @Test
    void anIncompatibleSubjectStopsStartUpWithOneLine() throws Exception {
        // Given a subject whose latest version has requestId as an int
        String incompatible =
                "{\"type\":\"record\",\"name\":\"VerificationRequest\",\"namespace\":"
                        + "\"io.countersign.events\",\"fields\":[{\"name\":\"requestId\","
                        + "\"type\":\"int\"}]}";
        HttpResponse<String> registered =
                post(
                        registry.ccompatUrl() + "/subjects/incompatible.requests-value/versions",
                        "{\"schema\":" + quote(incompatible) + "}");
        assertThat(registered.statusCode()).isEqualTo(200);

        // When the service starts on that topic, Then it refuses in one line naming the subject
        Map<String, String> settings = new HashMap<>(baseSettings());
        settings.put("topics.requests", "incompatible.requests");
        settings.put("schema.registry.url", registry.ccompatUrl());
        assertThatThrownBy(() -> CountersignService.start(ServiceConfig.of(settings)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subject incompatible.requests-value: its latest version 1")
                .hasMessageContaining("cannot be read as VerificationRequest (TYPE_MISMATCH")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnreachableRegistryStopsStartUpWithOneLine() throws Exception {
        Map<String, String> settings = new HashMap<>(baseSettings());
        settings.put("schema.registry.url", "http://127.0.0.1:1/apis/ccompat/v7");
        assertThatThrownBy(() -> CountersignService.start(ServiceConfig.of(settings)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "schema registry at http://127.0.0.1:1/apis/ccompat/v7 unreachable")
                .hasMessageContaining("check schema.registry.url")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aRegistryThatHangsForSixRequestTimeoutsLosesNothingAndDeadLettersNothing()
            throws Exception {
        try (EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.start(dir.resolve("kafka"), 20 << 20);
                CountersignService service = CountersignService.start(config(broker))) {
            Traffic traffic = new Traffic(broker.bootstrapServers());
            traffic.enrol(4, 3);
            // Given requests a v0 producer serialized (registering v0: an id the service has
            // never seen, so it must ask the registry)
            AvroKafkaSerializer<GenericRecord> v0 = new AvroKafkaSerializer<>();
            v0.configure(apicurio(), false);
            byte[] image =
                    Traffic.png(
                            new io.countersign.datasets.synthetic.SyntheticSignatures(7)
                                    .genuine(1, 60));
            List<String> ids = new ArrayList<>();
            List<byte[]> v0Records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = "v0-" + i + "-" + UUID.randomUUID();
                v0Records.add(v0.serialize("signature.requests", v0Request(id, image)));
                ids.add(id);
            }
            v0.close();

            // When the registry hangs while they and single-object requests are published
            registry.pause();
            Instant paused = Instant.now();
            try {
                for (int i = 0; i < v0Records.size(); i++) {
                    traffic.submitRaw(Traffic.customer(i % 4), v0Records.get(i));
                }
                ids.addAll(traffic.submit(10, 4, EventSerdes.request().serializer(), "during"));
                // Then readiness says why, within the request timeout and a retry
                String body = awaitNotReady(service, Duration.ofSeconds(20));
                assertThat(body).contains("schema registry unreachable since");
                // Twelve seconds: six of the client's 2-s request timeouts, each retried.
                Thread.sleep(
                        Math.max(
                                0,
                                Duration.ofSeconds(12)
                                        .minus(Duration.between(paused, Instant.now()))
                                        .toMillis()));
            } finally {
                registry.resume();
            }

            // Then every request gets exactly one verdict, and nothing was dead-lettered
            List<Verdict> verdicts =
                    traffic.read(
                            "signature.verdicts",
                            20,
                            Duration.ofSeconds(120),
                            Duration.ofSeconds(2),
                            apicurioDeserializer());
            assertThat(verdicts)
                    .extracting(Verdict::getRequestId)
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(deadLetters(traffic, 0)).isEmpty();
            assertThat(get("http://127.0.0.1:" + service.httpPort() + "/health/ready").statusCode())
                    .isEqualTo(200);
        }
    }

    private static Map<String, String> baseSettings() {
        return Map.of(
                "model.dir",
                ExactlyOnceIT.MODEL,
                "http.port",
                "0",
                "topics.partitions",
                "2",
                "schema.registry.request-timeout-ms",
                "2000");
    }

    private ServiceConfig config(EmbeddedKafkaBroker broker) {
        Map<String, String> settings = new HashMap<>(baseSettings());
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        settings.put("state.dir", dir.resolve("state").toString());
        settings.put("application.id", "countersign-registry-it");
        settings.put("schema.registry.url", registry.ccompatUrl());
        return ServiceConfig.of(settings);
    }

    /**
     * The stock Apicurio serde settings for Confluent's wire format: the 4-byte content id in the
     * payload (not in Apicurio's headers).
     */
    private static Map<String, Object> apicurio() {
        return Map.of(
                "apicurio.registry.headers.enabled",
                false,
                "apicurio.registry.url",
                registry.nativeUrl(),
                "apicurio.registry.as-confluent",
                true,
                "apicurio.registry.use-id",
                "contentId",
                "apicurio.registry.auto-register",
                true,
                "apicurio.registry.use-specific-avro-reader",
                true);
    }

    private static AvroKafkaSerializer<VerificationRequest> apicurioSerializer() {
        AvroKafkaSerializer<VerificationRequest> serializer = new AvroKafkaSerializer<>();
        serializer.configure(apicurio(), false);
        return serializer;
    }

    private static AvroKafkaDeserializer<Verdict> apicurioDeserializer() {
        AvroKafkaDeserializer<Verdict> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(apicurio(), false);
        return deserializer;
    }

    /** A request in the oldest kept schema (before region and source). */
    private static GenericRecord v0Request(String id, byte[] image) {
        Schema v0 = SchemaHistory.of("VerificationRequest").get(0).schema();
        GenericRecord record = new GenericData.Record(v0);
        record.put("requestId", id);
        record.put("documentId", "doc-" + id);
        record.put("image", ByteBuffer.wrap(image));
        record.put("contentType", "image/png");
        record.put("submittedAt", Instant.now().toEpochMilli());
        return record;
    }

    /** Registry framing naming {@code id}, with a body that is a valid request of our schema. */
    private static byte[] registryFramed(int id) {
        byte[] singleObject =
                EventSerdes.request()
                        .serializer()
                        .serialize(
                                "t",
                                SyntheticEvents.request(
                                        "stranger-" + id,
                                        new byte[] {1, 2, 3},
                                        Instant.now(),
                                        "it"));
        ByteBuffer framed = ByteBuffer.allocate(5 + singleObject.length - 10);
        framed.put((byte) 0).putInt(id).put(singleObject, 10, singleObject.length - 10);
        return framed.array();
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(Traffic traffic, int expected) {
        return traffic.records(
                "signature.requests.dlq",
                expected,
                Duration.ofSeconds(expected == 0 ? 3 : 60),
                Duration.ofSeconds(1),
                new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static int latestId(String subject) throws Exception {
        String body =
                get(registry.ccompatUrl() + "/subjects/" + subject + "/versions/latest").body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("id").asInt();
    }

    private static String awaitNotReady(CountersignService service, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String url = "http://127.0.0.1:" + service.httpPort() + "/health/ready";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = get(url);
            if (answer.statusCode() == 503) {
                return answer.body();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/health/ready stayed 200 while the registry hung");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
