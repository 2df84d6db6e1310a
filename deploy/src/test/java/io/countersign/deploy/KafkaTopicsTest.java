package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.config.ServiceConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k8s/topics: the Strimzi topics are the service's topics, sized for its records. */
class KafkaTopicsTest {

    /** The service's topic keys; their defaults are the topic names. */
    static final Set<String> TOPIC_KEYS =
            Set.of(
                    "topics.enrollments",
                    "topics.requests",
                    "topics.verdicts",
                    "topics.requests-dlq",
                    "topics.enrollments-dlq");

    @TempDir Path tmp;

    /** topicName to KafkaTopic document. */
    static Map<String, Map<String, Object>> topics() {
        Map<String, Map<String, Object>> topics = new TreeMap<>();
        for (Manifests.Doc doc : Manifests.all(Manifests.TOPICS, "KafkaTopic")) {
            String name = Yaml.string(doc.yaml(), "spec.topicName");
            topics.put(name == null ? doc.name() : name, doc.yaml());
        }
        return topics;
    }

    static int partitions(String topic) {
        Map<String, Object> doc = topics().get(topic);
        assertThat(doc).as("KafkaTopic " + topic).isNotNull();
        return ((Number) Yaml.at(doc, "spec.partitions")).intValue();
    }

    @Test
    void theTopicsAreTheServicesDefaults() {
        assertThat(topics().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        TOPIC_KEYS.stream().map(Settings::defaultOf).toList());
        // The ConfigMap keeps the default names (else these resources would name other topics)
        assertThat(Manifests.properties().stringPropertyNames()).noneMatch(TOPIC_KEYS::contains);
    }

    @Test
    void enrolmentsAreCompactedAndCoPartitionedWithRequests() {
        String enrollments = Settings.defaultOf("topics.enrollments");
        String requests = Settings.defaultOf("topics.requests");
        assertThat(Yaml.map(topics().get(enrollments), "spec.config"))
                .containsEntry("cleanup.policy", "compact");
        assertThat(Yaml.map(topics().get(requests), "spec.config"))
                .doesNotContainKey("cleanup.policy");
        assertThat(partitions(enrollments)).isEqualTo(partitions(requests));
    }

    @Test
    void everyTopicTakesTheLargestRecordTheServiceWritesAndBelongsToTheCluster() {
        ServiceConfig defaults = Settings.load(null, Map.of(), tmp);
        for (Map.Entry<String, Map<String, Object>> topic : topics().entrySet()) {
            Object max = Yaml.map(topic.getValue(), "spec.config").get("max.message.bytes");
            assertThat(((Number) max).intValue())
                    .as(topic.getKey())
                    .isGreaterThanOrEqualTo(defaults.maxRecordBytes());
            assertThat(Yaml.map(topic.getValue(), "metadata.labels"))
                    .containsKey("strimzi.io/cluster");
            int replicas = ((Number) Yaml.at(topic.getValue(), "spec.replicas")).intValue();
            int minIsr =
                    ((Number) Yaml.map(topic.getValue(), "spec.config").get("min.insync.replicas"))
                            .intValue();
            assertThat(minIsr).as(topic.getKey()).isLessThan(replicas);
        }
    }
}
