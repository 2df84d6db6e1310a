package io.countersign.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.core.scoring.Aggregation;
import io.countersign.streams.enrollment.ReferencesFormat;
import io.countersign.streams.inference.InferenceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {

    static final String SHIPPED_MODEL = Path.of("..", "models", "signet-s-synthetic").toString();

    @TempDir Path dir;

    @Test
    void fileThenEnvironmentOverrideTheDefaults() throws Exception {
        // Given a file that sets two keys and a Kafka client setting, and the environment one
        Path file = dir.resolve("countersign.properties");
        Files.writeString(
                file,
                "model.dir="
                        + SHIPPED_MODEL
                        + "\nbatch.max-size=8\nscoring.aggregation=min\n"
                        + "kafka.security.protocol=SASL_SSL\n");
        Map<String, String> env =
                Map.of(
                        "COUNTERSIGN_BATCH_MAX_SIZE", "16",
                        "COUNTERSIGN_KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                        "COUNTERSIGN_SERVICE_HOST", "10.0.0.1",
                        "PATH", "/usr/bin");

        // When it is loaded
        ServiceConfig config = ServiceConfig.load(file, env);

        // Then the environment wins over the file, the file over the defaults
        assertThat(config.topology().batch().maxSize()).isEqualTo(16);
        assertThat(config.topology().batch().maxDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.topology().aggregationOverride()).contains(Aggregation.MIN);
        assertThat(config.bootstrapServers()).contains("broker:9092");
        assertThat(config.kafkaProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "broker:9092");
        assertThat(config.inference().device()).isEqualTo(InferenceSettings.Device.AUTO);
    }

    @Test
    void aYamlFileMayNestOrFlattenItsKeys() throws Exception {
        // Given a YAML file with nested sections, a dotted Kafka setting and a list
        Path file = dir.resolve("countersign.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "model:",
                        "  dir: " + SHIPPED_MODEL,
                        "batch:",
                        "  max-size: 8",
                        "  punctuation-interval-ms: 5",
                        "stores.pending: waiting",
                        "inference:",
                        "  padded-sizes: [1, 8]",
                        "kafka:",
                        "  bootstrap.servers: broker:9093",
                        "  security.protocol: SASL_SSL",
                        ""));

        // When it is loaded with no environment
        ServiceConfig config = ServiceConfig.load(file, Map.of());

        // Then every form names the same keys as the properties file would
        assertThat(config.topology().batch().maxSize()).isEqualTo(8);
        assertThat(config.topology().batch().punctuationInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.topology().stores().pending()).isEqualTo("waiting");
        assertThat(config.inference().paddedSizes()).containsExactly(1, 8);
        assertThat(config.bootstrapServers()).contains("broker:9093");
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aBrokenOrMisspelledYamlFileIsNamedInOneLine() throws Exception {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, "batch:\n  max-size: [8\n");
        Path misspelled = dir.resolve("misspelled.yml");
        Files.writeString(misspelled, "batch:\n  max-sise: 8\n");

        assertThatThrownBy(() -> ServiceConfig.load(broken, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid YAML")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ServiceConfig.load(misspelled, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown key 'batch.max-sise'");
    }

    @Test
    void storeNamesAndRecordSizeAreConfigurable() {
        ServiceConfig config =
                ServiceConfig.of(
                        Map.of(
                                "model.dir", SHIPPED_MODEL,
                                "stores.references", "refs",
                                "topics.max-record-bytes", "20000000"));

        assertThat(config.topology().stores().references()).isEqualTo("refs");
        assertThat(config.topology().stores().referencesFormat()).isEqualTo(ReferencesFormat.V4);
        assertThat(referencesFormat("3")).isEqualTo(ReferencesFormat.V3);
        assertThat(referencesFormat("3").bitonalViews()).isTrue();
        assertThat(referencesFormat("3").penViews()).isFalse();
        assertThat(referencesFormat("2").bitonalViews()).isFalse();
        assertThat(referencesFormat("2").penViews()).isFalse();
        assertThat(config.topology().maxRecordBytes()).isEqualTo(20_000_000);
        assertThat(ServiceConfig.of(Map.of("model.dir", SHIPPED_MODEL)).maxRecordBytes())
                .isEqualTo(10_485_760 + (1 << 20));
    }

    @Test
    void scoringFollowsTheModelCardUnlessOverridden() {
        ServiceConfig config = ServiceConfig.of(Map.of("model.dir", SHIPPED_MODEL));

        assertThat(config.topology().aggregationOverride()).isEmpty();
        assertThat(config.topology().thresholdOverride()).isEmpty();
    }

    @Test
    void withoutBootstrapServersTheEmbeddedBrokerIsUsed() {
        assertThat(ServiceConfig.of(Map.of("model.dir", SHIPPED_MODEL)).bootstrapServers())
                .isEmpty();
    }

    @Test
    void anUnknownKeyInTheFileIsNamed() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "model.dir=" + SHIPPED_MODEL + "\nbatch.max-sise=8\n");

        assertThatThrownBy(() -> ServiceConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown key 'batch.max-sise'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void badValuesNameTheirKey() {
        assertOneLine(
                Map.of("batch.max-size", "lots"), "batch.max-size=lots must be a whole number");
        assertOneLine(Map.of("batch.max-size", "0"), "batch.max-size=0 must be positive");
        assertOneLine(Map.of("inference.device", "tpu"), "inference.device=tpu is not one of");
        assertOneLine(Map.of("scoring.aggregation", "median"), "scoring.aggregation=median");
        assertOneLine(
                Map.of("group.instance-id", "pod 0"),
                "group.instance-id=pod 0 must be auto, none or a name");
        assertOneLine(
                Map.of("group.session-timeout-ms", "3000"),
                "group.session-timeout-ms=3000 must be between 6000 and 300000");
        assertOneLine(
                Map.of("group.heartbeat-interval-ms", "5000"),
                "group.heartbeat-interval-ms=5000 must be between 100 and a third");
        assertOneLine(Map.of("scoring.threshold", "-1"), "scoring.threshold=-1");
        assertOneLine(Map.of("topics.create", "yes"), "topics.create=yes must be true or false");
        assertOneLine(
                Map.of("batch.punctuation-interval-ms", "0"),
                "batch.punctuation-interval-ms=0 must be at least 1");
        assertOneLine(
                Map.of("metrics.kafka-refresh-interval-ms", "0"),
                "metrics.kafka-refresh-interval-ms=0 must be positive");
        assertOneLine(
                Map.of("stores.pending", "reference-sets"), "give the two stores different names");
        assertOneLine(
                Map.of("stores.references-format", "1"),
                "stores.references-format=1 is not one of 4, 3, 2");
        assertOneLine(
                Map.of("topics.max-record-bytes", "1000000"),
                "topics.max-record-bytes=1000000 must exceed image.max-bytes=10485760");
    }

    @Test
    void aSchemaRegistryIsOptionalAndItsSettingsAreChecked() {
        assertThat(ServiceConfig.of(Map.of("model.dir", SHIPPED_MODEL)).schemaRegistry()).isEmpty();
        var registry =
                ServiceConfig.of(
                                Map.of(
                                        "model.dir",
                                        SHIPPED_MODEL,
                                        "schema.registry.url",
                                        "https://registry:8080/apis/ccompat/v7",
                                        "schema.registry.basic-auth.user-info",
                                        "svc:secret"))
                        .schemaRegistry()
                        .orElseThrow();
        assertThat(registry.url()).hasToString("https://registry:8080/apis/ccompat/v7");
        assertThat(registry.userInfo()).contains("svc:secret");
        assertThat(registry.toString()).doesNotContain("secret");

        assertOneLine(
                Map.of("schema.registry.url", "registry:8080"),
                "schema.registry.url=registry:8080 must be an http(s) URL");
        assertOneLine(
                Map.of("schema.registry.basic-auth.user-info", "svc:secret"),
                "schema.registry.basic-auth.user-info is set but schema.registry.url is not");
        assertOneLine(
                Map.of(
                        "schema.registry.url",
                        "http://r:8080",
                        "schema.registry.basic-auth.user-info",
                        "no-colon"),
                "schema.registry.basic-auth.user-info must be user:password");
        assertOneLine(
                Map.of(
                        "schema.registry.url",
                        "http://r:8080",
                        "schema.registry.ssl.truststore.location",
                        "/nonexistent/trust.p12"),
                "schema.registry.ssl.truststore.location=/nonexistent/trust.p12 is not a readable");
        assertOneLine(
                Map.of(
                        "schema.registry.url",
                        "http://r:8080",
                        "schema.registry.lookup-max-wait-ms",
                        "300000"),
                "schema.registry.lookup-max-wait-ms=300000 must be at least 0 and below the"
                        + " consumer's max.poll.interval.ms (300000)");
    }

    @Test
    void aMissingModelIsNamed() {
        assertThatThrownBy(
                        () ->
                                ServiceConfig.of(
                                        Map.of("model.dir", dir.resolve("nowhere").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.dir=")
                .hasMessageContaining("has no model.onnx");
    }

    @Test
    void everyKeyHasADocumentedEnvironmentVariable() {
        assertThat(ConfigKeys.envName("batch.max-delay-ms"))
                .isEqualTo("COUNTERSIGN_BATCH_MAX_DELAY_MS");
        assertThat(ConfigKeys.all())
                .containsKeys("model.dir", "inference.device", "topics.requests");
    }

    @Test
    void theOperationsGuideDocumentsEveryKeyAndItsDefault() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));

        for (ConfigKeys.Key key : ConfigKeys.all().values()) {
            assertThat(guide).contains("| `" + key.name() + "` |");
            assertThat(guide).contains("`" + ConfigKeys.envName(key.name()) + "`");
            if (key.defaultValue() != null) {
                assertThat(guide)
                        .contains("| `" + key.name() + "` | `" + key.defaultValue() + "` |");
            }
        }
    }

    private static ReferencesFormat referencesFormat(String configured) {
        return ServiceConfig.of(
                        Map.of("model.dir", SHIPPED_MODEL, "stores.references-format", configured))
                .topology()
                .stores()
                .referencesFormat();
    }

    private static void assertOneLine(Map<String, String> settings, String message) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("model.dir", SHIPPED_MODEL);
        assertThatThrownBy(() -> ServiceConfig.of(all))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("\n");
    }
}
