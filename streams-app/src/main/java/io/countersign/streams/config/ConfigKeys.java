package io.countersign.streams.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every configuration key the service knows, with its default and meaning: the single list that
 * validation, the documentation and the deployment checks read.
 */
public final class ConfigKeys {

    /** A key's default ({@code null}: none) and a one-line description. */
    public record Key(String name, String defaultValue, String description) {}

    /** Keys under this prefix go to the Kafka clients as they are, minus the prefix. */
    public static final String KAFKA_PREFIX = "kafka.";

    /** Environment variables with this prefix override keys: COUNTERSIGN_BATCH_MAX_SIZE. */
    public static final String ENV_PREFIX = "COUNTERSIGN_";

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        key(
                "model.dir",
                "models/signet-s-ensemble5-int8",
                "directory with model.onnx and model-card.json");
        key("application.id", "countersign", "Kafka Streams application id (consumer group)");
        key(
                "application.server",
                null,
                "host:port other instances reach this one's HTTP on (pod DNS)");
        key("state.dir", ".countersign/state", "directory of the RocksDB state stores");
        key(
                "stream.threads",
                "2",
                "Kafka Streams threads (tasks run in parallel up to partitions)");
        key("standby.replicas", "0", "standby replicas of each state store (1 in production)");
        key(
                "instance.host",
                null,
                "the machine (Kubernetes node) this instance runs on: standbys are placed on"
                        + " instances of other machines");
        key(
                "group.instance-id",
                "auto",
                "static group membership: auto (the pod name on Kubernetes, else host name and"
                        + " state.dir), none (dynamic), or a name unique to this instance");
        key(
                "group.session-timeout-ms",
                "10000",
                "a member silent this long is dropped and its tasks move (6000 to 300000)");
        key(
                "group.heartbeat-interval-ms",
                "2000",
                "how often members heartbeat; at most a third of group.session-timeout-ms");
        key("http.port", "8080", "port of /metrics, /health/live, /health/ready, /customers/{id}");
        key(
                "metrics.kafka-refresh-interval-ms",
                "60000",
                "how often /metrics looks for Kafka client metrics that appeared since (a"
                        + " partition's records-lag after it was assigned shows up then)");
        key(
                "embedded.kafka.dir",
                ".countersign/kafka",
                "data of the embedded broker (no kafka.bootstrap.servers)");
        key("embedded.kafka.port", "9092", "port of the embedded broker (0: any free port)");
        key("topics.create", "true", "create missing topics at start-up");
        key("topics.partitions", "4", "partitions of topics created at start-up");
        key("topics.replication", "1", "replication factor of topics created at start-up");
        key(
                "topics.enrollments",
                "signature.enrollments",
                "compacted input topic of reference sets");
        key("topics.requests", "signature.requests", "input topic of verification requests");
        key("topics.verdicts", "signature.verdicts", "output topic of verdicts");
        key("topics.requests-dlq", "signature.requests.dlq", "dead letters of requests");
        key("topics.enrollments-dlq", "signature.enrollments.dlq", "dead letters of enrolments");
        key(
                "topics.max-record-bytes",
                null,
                "largest record written (changelogs, producer); default image.max-bytes + 1 MiB");
        key("stores.references", "reference-sets", "name of the reference-set store");
        key("stores.pending", "pending-requests", "name of the pending-request store");
        key(
                "stores.references-format",
                "4",
                "newest format reference sets are written in: 4 (a set without a pen view in 3);"
                        + " for the first rolling restart of an upgrade, 3 from a version that"
                        + " cannot read 4, 2 from one that cannot read 3 (docs/operations.md)");
        key("batch.max-size", "32", "flush a micro-batch when this many requests wait");
        key("batch.max-delay-ms", "50", "flush when the oldest waiting request is this old");
        key(
                "batch.flush-when-idle",
                "true",
                "also flush a partial batch early when the input pauses and the model is free"
                        + " (low latency at low load)");
        key(
                "batch.punctuation-interval-ms",
                "10",
                "how often the wall-clock flush check runs (also poll.ms)");
        key(
                "scoring.aggregation",
                null,
                "mean or min of the distances to the references; default: the model card's");
        key(
                "scoring.threshold",
                null,
                "decision threshold; default: the model card's EER threshold");
        key("image.max-bytes", "10485760", "largest accepted image in bytes");
        key("image.max-pixels", "40000000", "largest accepted image in pixels");
        key("inference.device", "auto", "auto, cuda or cpu");
        key("inference.cuda-device-id", "0", "GPU used on CUDA");
        key("inference.intra-op-threads", "0", "ONNX Runtime intra-op threads (0: one per core)");
        key("inference.inter-op-threads", "0", "ONNX Runtime inter-op threads (0: default)");
        key(
                "inference.allow-spinning",
                "false",
                "let ONNX Runtime's threads busy-wait between runs (lower latency on idle cores;"
                        + " off, they leave the cores to decoding and Kafka)");
        key(
                "inference.optimization-level",
                "ALL_OPT",
                "NO_OPT, BASIC_OPT, EXTENDED_OPT or ALL_OPT");
        key("inference.max-batch", "32", "most images in one model run");
        key("inference.padded-sizes", "1,4,8,16,32", "batch sizes warmed up and padded to on CUDA");
        key(
                "schema.registry.url",
                null,
                "Confluent-API schema registry (Apicurio: .../apis/ccompat/v7): inputs read in"
                        + " both framings, verdicts written in the registry's; unset: single-object"
                        + " encoding only");
        key(
                "schema.registry.basic-auth.user-info",
                null,
                "user:password for the registry's HTTP basic authentication");
        key(
                "schema.registry.ssl.truststore.location",
                null,
                "trust store for an https registry (default: the JVM's)");
        key("schema.registry.ssl.truststore.password", null, "password of that trust store");
        key("schema.registry.ssl.truststore.type", "PKCS12", "PKCS12 or JKS");
        key(
                "schema.registry.ssl.keystore.location",
                null,
                "client certificate for a registry that wants mutual TLS");
        key("schema.registry.ssl.keystore.password", null, "password of that key store");
        key("schema.registry.ssl.keystore.type", "PKCS12", "PKCS12 or JKS");
        key(
                "schema.registry.request-timeout-ms",
                "5000",
                "a registry request unanswered this long counts as the registry being down");
        key(
                "schema.registry.lookup-max-wait-ms",
                "120000",
                "how long a stream thread retries an unanswered lookup of a new schema id before"
                        + " it is replaced and reads the record again (below max.poll.interval.ms)");
    }

    private ConfigKeys() {}

    private static void key(String name, String defaultValue, String description) {
        KEYS.put(name, new Key(name, defaultValue, description));
    }

    /** All keys in documentation order. */
    public static Map<String, Key> all() {
        return java.util.Collections.unmodifiableMap(KEYS);
    }

    /** Whether {@code name} is a key the service knows (its own or a {@code kafka.} one). */
    public static boolean isKnown(String name) {
        return KEYS.containsKey(name) || (name.startsWith(KAFKA_PREFIX) && name.length() > 6);
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX
                + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
