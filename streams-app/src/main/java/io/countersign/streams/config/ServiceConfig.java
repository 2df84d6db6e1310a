package io.countersign.streams.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.countersign.core.image.ImageLimits;
import io.countersign.core.scoring.Aggregation;
import io.countersign.schemas.registry.RegistrySettings;
import io.countersign.streams.inference.InferenceSettings;
import io.countersign.streams.topology.TopologySettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's configuration: defaults ({@link ConfigKeys}), then a properties or YAML file, then
 * {@code COUNTERSIGN_*} environment variables; validated when loaded, so a mistake stops start-up
 * with one line that names the key.
 */
public final class ServiceConfig {

    private static final Logger log = LoggerFactory.getLogger(ServiceConfig.class);

    private static final java.util.regex.Pattern INSTANCE_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final Map<String, String> values;

    private ServiceConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
        validate();
    }

    /** Loads {@code file} (may be null) overridden by {@code env}. */
    public static ServiceConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        ConfigKeys.all().values().stream()
                .filter(k -> k.defaultValue() != null)
                .forEach(k -> values.put(k.name(), k.defaultValue()));
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file);
        values.putAll(fromFile);
        Map<String, String> fromEnv = fromEnvironment(env);
        fromEnv.keySet().stream()
                .filter(fromFile::containsKey)
                // Say which value wins, never the values: they may be credentials.
                .forEach(
                        key ->
                                log.info(
                                        "{} overrides {} from {}",
                                        ConfigKeys.envName(key),
                                        key,
                                        file));
        values.putAll(fromEnv);
        return new ServiceConfig(values);
    }

    /** Defaults overridden by the given entries (for tests and the demo). */
    public static ServiceConfig of(Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>();
        ConfigKeys.all().values().stream()
                .filter(k -> k.defaultValue() != null)
                .forEach(k -> values.put(k.name(), k.defaultValue()));
        overrides.forEach(
                (k, v) -> {
                    requireKnown(k, "the given settings");
                    values.put(k, v);
                });
        return new ServiceConfig(values);
    }

    /** This configuration with some keys replaced. */
    public ServiceConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(values);
        overrides.forEach(
                (k, v) -> {
                    requireKnown(k, "the given settings");
                    copy.put(k, v);
                });
        return new ServiceConfig(copy);
    }

    public String get(String key) {
        return values.get(key);
    }

    public Path modelDir() {
        return Path.of(values.get("model.dir"));
    }

    public Path stateDir() {
        return Path.of(values.get("state.dir"));
    }

    public Path embeddedKafkaDir() {
        return Path.of(values.get("embedded.kafka.dir"));
    }

    public int embeddedKafkaPort() {
        return integer("embedded.kafka.port");
    }

    public String applicationId() {
        return values.get("application.id");
    }

    public int httpPort() {
        return integer("http.port");
    }

    /** This instance's address as the others reach it: application.server, else localhost. */
    public org.apache.kafka.streams.state.HostInfo applicationServer() {
        String value = values.get("application.server");
        if (value == null || value.isBlank()) {
            return new org.apache.kafka.streams.state.HostInfo("localhost", httpPort());
        }
        return org.apache.kafka.streams.state.HostInfo.buildFromEndpoint(value);
    }

    public int streamThreads() {
        return integer("stream.threads");
    }

    public int standbyReplicas() {
        return integer("standby.replicas");
    }

    /** instance.host, if set: the machine this instance runs on. */
    public Optional<String> instanceHost() {
        return Optional.ofNullable(values.get("instance.host")).filter(s -> !s.isBlank());
    }

    /** group.instance-id as configured: {@code auto}, {@code none} or a name. */
    public String groupInstanceId() {
        return values.get("group.instance-id");
    }

    /** How often the Kafka client metrics' binder looks for metrics that appeared since. */
    public Duration kafkaMetricsRefreshInterval() {
        return Duration.ofMillis(integer("metrics.kafka-refresh-interval-ms"));
    }

    public int sessionTimeoutMs() {
        return integer("group.session-timeout-ms");
    }

    public int heartbeatIntervalMs() {
        return integer("group.heartbeat-interval-ms");
    }

    public boolean createTopics() {
        return Boolean.parseBoolean(values.get("topics.create"));
    }

    public int topicPartitions() {
        return integer("topics.partitions");
    }

    public short topicReplication() {
        return (short) integer("topics.replication");
    }

    /** The configured brokers, or empty when the service should start its embedded one. */
    public Optional<String> bootstrapServers() {
        return Optional.ofNullable(values.get("kafka.bootstrap.servers")).filter(s -> !s.isBlank());
    }

    /** Every {@code kafka.*} key, prefix removed: passed to all Kafka clients as it is. */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        values.forEach(
                (k, v) -> {
                    if (k.startsWith(ConfigKeys.KAFKA_PREFIX)) {
                        props.put(k.substring(ConfigKeys.KAFKA_PREFIX.length()), v);
                    }
                });
        return props;
    }

    public TopologySettings topology() {
        TopologySettings d = TopologySettings.defaults();
        TopologySettings settings =
                new TopologySettings(
                        new TopologySettings.TopicNames(
                                values.get("topics.enrollments"),
                                values.get("topics.requests"),
                                values.get("topics.verdicts"),
                                values.get("topics.requests-dlq"),
                                values.get("topics.enrollments-dlq")),
                        new TopologySettings.StoreNames(
                                values.get("stores.references"),
                                values.get("stores.pending"),
                                integer("stores.references-format")),
                        new TopologySettings.BatchSettings(
                                integer("batch.max-size"),
                                Duration.ofMillis(integer("batch.max-delay-ms")),
                                Duration.ofMillis(integer("batch.punctuation-interval-ms")),
                                Boolean.parseBoolean(values.get("batch.flush-when-idle"))),
                        Optional.ofNullable(values.get("scoring.aggregation"))
                                .map(Aggregation::parse),
                        d.thresholdOverride(),
                        new ImageLimits(
                                longValue("image.max-bytes"), longValue("image.max-pixels")),
                        maxRecordBytes());
        String threshold = values.get("scoring.threshold");
        return threshold == null ? settings : settings.withThreshold(Double.parseDouble(threshold));
    }

    /**
     * The largest record the service writes: topics.max-record-bytes, by default room for the
     * largest image plus a megabyte of metadata.
     */
    public int maxRecordBytes() {
        if (values.get("topics.max-record-bytes") != null) {
            return integer("topics.max-record-bytes");
        }
        return (int)
                Math.min(
                        Integer.MAX_VALUE,
                        Math.max(1 << 20, longValue("image.max-bytes") + (1 << 20)));
    }

    public InferenceSettings inference() {
        return new InferenceSettings(
                InferenceSettings.Device.valueOf(
                        values.get("inference.device").toUpperCase(Locale.ROOT)),
                integer("inference.cuda-device-id"),
                integer("inference.intra-op-threads"),
                integer("inference.inter-op-threads"),
                Boolean.parseBoolean(values.get("inference.allow-spinning")),
                values.get("inference.optimization-level").toUpperCase(Locale.ROOT),
                integer("inference.max-batch"),
                Arrays.stream(values.get("inference.padded-sizes").split(","))
                        .map(String::trim)
                        .map(Integer::parseInt)
                        .toList());
    }

    /** The schema registry to use, if {@code schema.registry.url} is set. */
    public Optional<RegistrySettings> schemaRegistry() {
        String url = values.get("schema.registry.url");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(
                new RegistrySettings(
                        URI.create(url.trim()),
                        Optional.ofNullable(values.get("schema.registry.basic-auth.user-info")),
                        keyMaterial("truststore"),
                        keyMaterial("keystore"),
                        Duration.ofMillis(integer("schema.registry.request-timeout-ms")),
                        Duration.ofMillis(integer("schema.registry.lookup-max-wait-ms"))));
    }

    private Optional<RegistrySettings.KeyMaterial> keyMaterial(String store) {
        String prefix = "schema.registry.ssl." + store + ".";
        return Optional.ofNullable(values.get(prefix + "location"))
                .map(
                        location ->
                                new RegistrySettings.KeyMaterial(
                                        Path.of(location),
                                        values.get(prefix + "password"),
                                        values.get(prefix + "type")));
    }

    private void validateSchemaRegistry() {
        String url = values.get("schema.registry.url");
        if (url == null || url.isBlank()) {
            for (String key :
                    List.of(
                            "schema.registry.basic-auth.user-info",
                            "schema.registry.ssl.truststore.location",
                            "schema.registry.ssl.keystore.location")) {
                if (values.get(key) != null) {
                    throw new ConfigException(
                            key + " is set but schema.registry.url is not: set both or neither");
                }
            }
            return;
        }
        try {
            URI uri = new URI(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                    || uri.getHost() == null) {
                throw new URISyntaxException(url, "not http(s)://host");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    "schema.registry.url="
                            + url
                            + " must be an http(s) URL of the registry's Confluent-compatible"
                            + " API, e.g. http://registry:8080/apis/ccompat/v7");
        }
        String userInfo = values.get("schema.registry.basic-auth.user-info");
        if (userInfo != null && !userInfo.contains(":")) {
            // Never the value: it is a credential.
            throw new ConfigException("schema.registry.basic-auth.user-info must be user:password");
        }
        for (String store : List.of("truststore", "keystore")) {
            String key = "schema.registry.ssl." + store + ".location";
            String location = values.get(key);
            if (location != null && !Files.isReadable(Path.of(location))) {
                throw new ConfigException(key + "=" + location + " is not a readable file");
            }
            oneOf("schema.registry.ssl." + store + ".type", "pkcs12", "jks");
        }
        if (integer("schema.registry.request-timeout-ms") < 1) {
            throw new ConfigException("schema.registry.request-timeout-ms must be positive");
        }
        long maxPoll =
                values.containsKey("kafka.max.poll.interval.ms")
                        ? longValue("kafka.max.poll.interval.ms")
                        : 300_000;
        long wait = integer("schema.registry.lookup-max-wait-ms");
        if (wait < 0 || wait >= maxPoll) {
            throw new ConfigException(
                    "schema.registry.lookup-max-wait-ms="
                            + wait
                            + " must be at least 0 and below the consumer's max.poll.interval.ms ("
                            + maxPoll
                            + "), or the group drops the waiting thread");
        }
    }

    private void validate() {
        for (String key :
                java.util.List.of(
                        "http.port",
                        "stream.threads",
                        "topics.partitions",
                        "topics.replication",
                        "batch.max-size",
                        "inference.max-batch",
                        "metrics.kafka-refresh-interval-ms")) {
            if (integer(key) < (key.equals("http.port") ? 0 : 1)) {
                throw new ConfigException(key + "=" + values.get(key) + " must be positive");
            }
        }
        for (String key :
                java.util.List.of(
                        "standby.replicas",
                        "batch.max-delay-ms",
                        "inference.cuda-device-id",
                        "inference.intra-op-threads",
                        "inference.inter-op-threads")) {
            if (integer(key) < 0) {
                throw new ConfigException(key + "=" + values.get(key) + " must not be negative");
            }
        }
        for (String key : java.util.List.of("image.max-bytes", "image.max-pixels")) {
            if (longValue(key) < 1) {
                throw new ConfigException(key + "=" + values.get(key) + " must be positive");
            }
        }
        if (integer("batch.punctuation-interval-ms") < 1) {
            throw new ConfigException(
                    "batch.punctuation-interval-ms="
                            + values.get("batch.punctuation-interval-ms")
                            + " must be at least 1");
        }
        if (values.get("stores.references").equals(values.get("stores.pending"))) {
            throw new ConfigException(
                    "stores.references and stores.pending are both '"
                            + values.get("stores.pending")
                            + "': give the two stores different names");
        }
        if (maxRecordBytes() < longValue("image.max-bytes") + 64 * 1024) {
            // An image the limits accept must still fit in a record with its metadata, or the
            // producer would fail where a dead letter was due.
            throw new ConfigException(
                    "topics.max-record-bytes="
                            + maxRecordBytes()
                            + " must exceed image.max-bytes="
                            + values.get("image.max-bytes")
                            + " by at least 65536: raise it or lower image.max-bytes");
        }
        for (String key :
                java.util.List.of(
                        "topics.create", "batch.flush-when-idle", "inference.allow-spinning")) {
            String bool = values.get(key);
            if (!bool.equals("true") && !bool.equals("false")) {
                throw new ConfigException(key + "=" + bool + " must be true or false");
            }
        }
        validateMembership();
        validateSchemaRegistry();
        oneOf("inference.device", "auto", "cuda", "cpu");
        oneOf("stores.references-format", "4", "3", "2");
        oneOf("inference.optimization-level", "no_opt", "basic_opt", "extended_opt", "all_opt");
        if (values.get("scoring.aggregation") != null) {
            oneOf("scoring.aggregation", "mean", "min");
        }
        String threshold = values.get("scoring.threshold");
        if (threshold != null) {
            try {
                if (!(Double.parseDouble(threshold) > 0)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        "scoring.threshold="
                                + threshold
                                + " must be a positive distance, or unset");
            }
        }
        try {
            inference();
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "inference.padded-sizes="
                            + values.get("inference.padded-sizes")
                            + " must be a comma-separated list of positive sizes");
        }
        checkModelDir();
    }

    private void validateMembership() {
        // Kafka Streams caps client tag values at 30 characters.
        if (instanceHost().filter(h -> h.length() > 30).isPresent()) {
            throw new ConfigException(
                    "instance.host="
                            + values.get("instance.host")
                            + " must be at most 30 characters");
        }
        String id = groupInstanceId();
        if (!INSTANCE_ID.matcher(id).matches()) {
            throw new ConfigException(
                    "group.instance-id="
                            + id
                            + " must be auto, none or a name of letters, digits, '.', '_' and '-'"
                            + " (at most 200)");
        }
        int session = sessionTimeoutMs();
        // The broker's default group.min/max.session.timeout.ms bound it; past 5 minutes a dead
        // instance's partitions would wait that long.
        if (session < 6000 || session > 300_000) {
            throw new ConfigException(
                    "group.session-timeout-ms=" + session + " must be between 6000 and 300000");
        }
        int heartbeat = heartbeatIntervalMs();
        if (heartbeat < 100 || heartbeat > session / 3) {
            throw new ConfigException(
                    "group.heartbeat-interval-ms="
                            + heartbeat
                            + " must be between 100 and a third of group.session-timeout-ms ("
                            + session / 3
                            + ")");
        }
    }

    private void checkModelDir() {
        Path dir = modelDir();
        for (String file : new String[] {"model.onnx", "model-card.json"}) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new ConfigException(
                        "model.dir="
                                + dir
                                + " has no "
                                + file
                                + ": point model.dir at a directory written by ./countersign train"
                                + " (the shipped one is models/signet-s-ensemble5-int8)");
            }
        }
    }

    private void oneOf(String key, String... allowed) {
        String value = values.get(key).toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(value)) {
            throw new ConfigException(
                    key + "=" + values.get(key) + " is not one of " + String.join(", ", allowed));
        }
    }

    private int integer(String key) {
        long value = longValue(key);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new ConfigException(key + "=" + values.get(key) + " is out of range");
        }
        return (int) value;
    }

    private long longValue(String key) {
        String value = values.get(key);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ConfigException(key + "=" + value + " must be a whole number");
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config " + file + " does not exist");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> values =
                name.endsWith(".yaml") || name.endsWith(".yml")
                        ? readYaml(file)
                        : readProperties(file);
        values.keySet().forEach(key -> requireKnown(key, file.toString()));
        return values;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            values.put(key, props.getProperty(key).trim());
        }
        return values;
    }

    /**
     * A YAML file, nested or flat: {@code batch: {max-size: 16}} and {@code batch.max-size: 16}
     * both name the key batch.max-size; a list becomes a comma-separated value.
     */
    private static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new ObjectMapper(new YAMLFactory()).readTree(reader);
        } catch (IOException e) {
            throw new ConfigException(
                    "--config " + file + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        Map<String, String> values = new TreeMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException(
                    "--config " + file + " must be a YAML mapping of keys to values");
        }
        flatten("", root, values, file);
        return values;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            e ->
                                    flatten(
                                            prefix.isEmpty()
                                                    ? e.getKey()
                                                    : prefix + "." + e.getKey(),
                                            e.getValue(),
                                            out,
                                            file));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            out.put(prefix, String.join(",", items));
        } else if (node.isNull()) {
            throw new ConfigException(
                    "key '" + prefix + "' in " + file + " has no value: give one or remove it");
        } else {
            out.put(prefix, node.asText().trim());
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static void requireKnown(String key, String where) {
        if (!ConfigKeys.isKnown(key)) {
            throw new ConfigException(
                    "unknown key '"
                            + key
                            + "' in "
                            + where
                            + ": remove it or fix its spelling (keys are listed in"
                            + " docs/operations.md; Kafka client settings take the prefix kafka.)");
        }
    }

    /**
     * Maps {@code COUNTERSIGN_*} variables to keys. Variables that match no key are only logged:
     * Kubernetes itself defines some (COUNTERSIGN_SERVICE_HOST for a Service named countersign).
     */
    private static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        env.forEach(
                (name, value) -> {
                    if (!name.startsWith(ConfigKeys.ENV_PREFIX)) {
                        return;
                    }
                    Optional<String> key =
                            ConfigKeys.all().keySet().stream()
                                    .filter(k -> ConfigKeys.envName(k).equals(name))
                                    .findFirst();
                    if (key.isPresent()) {
                        values.put(key.get(), value);
                    } else if (name.startsWith(ConfigKeys.ENV_PREFIX + "KAFKA_")) {
                        String kafkaKey =
                                name.substring(ConfigKeys.ENV_PREFIX.length())
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', '.');
                        values.put(kafkaKey, value);
                    } else {
                        log.warn("Ignoring environment variable {}: it names no setting", name);
                    }
                });
        return values;
    }
}
