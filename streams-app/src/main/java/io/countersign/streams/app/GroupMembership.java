package io.countersign.streams.app;

import io.countersign.streams.config.ServiceConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How this instance belongs to the consumer group: static membership under a stable name, so that
 * an instance restarted over its state takes its tasks back without a rebalance, and the session
 * and heartbeat that decide how soon a dead one's tasks move, and where standbys go.
 */
final class GroupMembership {

    private static final String HOST_TAG = "host";

    private GroupMembership() {}

    /**
     * The {@code group.instance.id} for {@code group.instance-id}: empty for {@code none}; for
     * {@code auto}, on Kubernetes the pod's host name (a StatefulSet's pod name, stable across
     * restarts), elsewhere the host name and a digest of the state directory, which only one live
     * instance can hold (Kafka Streams locks it), so two live instances never share a name.
     */
    static Optional<String> instanceId(ServiceConfig config, Map<String, String> env) {
        String configured = config.groupInstanceId();
        if (configured.equals("none")) {
            return Optional.empty();
        }
        if (!configured.equals("auto")) {
            return Optional.of(configured);
        }
        String hostname = env.get("HOSTNAME");
        if (env.containsKey("KUBERNETES_SERVICE_HOST") && hostname != null && !hostname.isBlank()) {
            return Optional.of(config.applicationId() + "-" + hostname);
        }
        String stateDir = config.stateDir().toAbsolutePath().normalize().toString();
        return Optional.of(config.applicationId() + "-" + localHostName() + "-" + digest(stateDir));
    }

    /** The main consumers' membership settings (Kafka Streams suffixes the id per thread). */
    static Properties consumerProperties(ServiceConfig config, Map<String, String> env) {
        Properties props = new Properties();
        instanceId(config, env)
                .ifPresent(
                        id ->
                                props.put(
                                        StreamsConfig.mainConsumerPrefix(
                                                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                                        id));
        props.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                config.sessionTimeoutMs());
        props.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                config.heartbeatIntervalMs());
        // Standby placement: Kafka Streams puts a task's standby on an instance whose tag
        // differs from the active's where one exists, so a machine's loss keeps a warm copy.
        config.instanceHost()
                .ifPresent(
                        host -> {
                            props.put(StreamsConfig.clientTagPrefix(HOST_TAG), host);
                            props.put(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, HOST_TAG);
                        });
        return props;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
