package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.config.ServiceConfig;
import io.countersign.streams.http.HttpEndpoints;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-compose.yml: it parses, holds together, and creates the topics the service expects. */
class ComposeFileTest {

    private static final Pattern CREATE =
            Pattern.compile(
                    "^\\s*create --topic (\\S+) --partitions (\\d+)(.*)$", Pattern.MULTILINE);

    @TempDir Path tmp;

    @Test
    void everyReferenceIsToAServiceVolumeOrFileThatExists() {
        Map<String, Object> services = Compose.services();
        Set<String> declared = new TreeSet<>(Yaml.map(Compose.file(), "volumes").keySet());
        Set<String> used = new TreeSet<>();
        for (String name : services.keySet()) {
            for (String dependency : Compose.dependsOn(name).keySet()) {
                assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
            }
            for (String volume : Compose.volumes(name)) {
                String source = volume.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(Repo.path(source).toFile()).as(name + " mounts " + source).exists();
                } else {
                    assertThat(declared).as(name + " uses volume " + source).contains(source);
                    used.add(source);
                }
            }
        }
        assertThat(used).as("declared volumes in use").isEqualTo(declared);
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndTheAppWaitsForKafkaAndTopics() {
        for (String name : Compose.services().keySet()) {
            if ("no".equals(Yaml.string(Compose.service(name), "restart"))) {
                continue; // one-shot: its dependants wait for service_completed_successfully
            }
            assertThat(Compose.healthcheckTest(name)).as(name + " health check").isNotEmpty();
        }
        for (String app : Compose.appServices()) {
            assertThat(Compose.dependsOn(app))
                    .containsEntry("kafka", "service_healthy")
                    .containsEntry("topics", "service_completed_successfully");
            assertThat(String.join(" ", Compose.healthcheckTest(app)))
                    .contains("/dev/tcp/localhost/" + Settings.defaultOf("http.port"))
                    .contains("GET " + HttpEndpoints.READY + " ");
            assertThat(Yaml.list(Compose.service(app), "ports"))
                    .contains(
                            Settings.defaultOf("http.port")
                                    + ":"
                                    + Settings.defaultOf("http.port"));
            // SIGTERM closes the stream, which commits: 30 s in CountersignService.close
            assertThat(Yaml.string(Compose.service(app), "stop_grace_period")).isEqualTo("60s");
        }
        assertThat(Compose.dependsOn("topics")).containsEntry("kafka", "service_healthy");
    }

    @Test
    void theAppRunsTheCpuImageByDefaultAndTheGpuImageInTheGpuProfile() {
        assertThat(Compose.appServices())
                .containsExactlyInAnyOrder(
                        "countersign", "countersign-gpu", "countersign-registry");
        assertThat(Compose.service("countersign")).doesNotContainKey("profiles");
        assertThat(Yaml.string(Compose.service("countersign"), "image"))
                .endsWith(":-" + JibConfig.load(null).get("configuration/to/image") + "}");
        Map<String, Object> gpu = Compose.service("countersign-gpu");
        assertThat(Yaml.list(gpu, "profiles")).containsExactly("gpu");
        assertThat(Yaml.string(gpu, "image"))
                .endsWith(":-" + JibConfig.load("gpu").get("configuration/to/image") + "}");
        Object device = Yaml.list(gpu, "deploy.resources.reservations.devices").get(0);
        assertThat(Yaml.string(device, "driver")).isEqualTo("nvidia");
        assertThat(Yaml.list(device, "capabilities")).contains("gpu");
        assertThat(Compose.environment("countersign-gpu"))
                .containsEntry("COUNTERSIGN_INFERENCE_DEVICE", "cuda");
        // Prometheus finds either flavour under the name "countersign"
        assertThat(Yaml.list(gpu, "networks.default.aliases")).contains("countersign");
    }

    @Test
    void theRegistryProfileRunsTheAppAgainstTheRegistrysConfluentApi() {
        Map<String, Object> app = Compose.service("countersign-registry");
        assertThat(Yaml.list(app, "profiles")).containsExactly("registry");
        assertThat(Yaml.list(Compose.service("schema-registry"), "profiles"))
                .containsExactly("registry");
        assertThat(Compose.dependsOn("countersign-registry"))
                .containsEntry("schema-registry", "service_healthy");
        String url =
                Compose.environment("countersign-registry").get("COUNTERSIGN_SCHEMA_REGISTRY_URL");
        // the registry's in-container port, on the path of its Confluent-compatible API
        String port = Yaml.list(Compose.service("schema-registry"), "ports").get(0).toString();
        assertThat(url)
                .isEqualTo(
                        "http://schema-registry:"
                                + port.substring(port.indexOf(':') + 1)
                                + "/apis/ccompat/v7");
        assertThat(Yaml.list(app, "networks.default.aliases")).contains("countersign");
    }

    @Test
    void theAppsSettingsAreKeysTheServiceKnowsAndLoad() {
        for (String app : Compose.appServices()) {
            Map<String, String> env = Compose.environment(app);
            assertThat(Settings.variableProblems(env.keySet(), Set.of())).as(app).isEmpty();
            Map<String, String> withImage =
                    new HashMap<>(JibConfig.load(null).map("configuration/container/environment"));
            withImage.putAll(env);
            ServiceConfig config = Settings.load(null, withImage, tmp);
            assertThat(config.createTopics()).as("the topics service creates them").isFalse();
            // The app reaches the broker on the listener Kafka advertises to containers
            assertThat(Compose.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
                    .contains("://" + config.bootstrapServers().orElseThrow());
        }
    }

    @Test
    void theTopicsServiceCreatesTheServicesDefaultTopicsAsTheServiceWould() {
        String command =
                String.join(
                        "\n",
                        Yaml.list(Compose.service("topics"), "command").stream()
                                .map(Object::toString)
                                .toList());
        Map<String, String> options = new TreeMap<>();
        Matcher m = CREATE.matcher(command);
        while (m.find()) {
            assertThat(m.group(2))
                    .as(m.group(1))
                    .isEqualTo(Settings.defaultOf("topics.partitions"));
            options.put(m.group(1), m.group(3));
        }
        assertThat(options.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        KafkaTopicsTest.TOPIC_KEYS.stream().map(Settings::defaultOf).toList());
        assertThat(options.get(Settings.defaultOf("topics.enrollments")))
                .contains("--config cleanup.policy=compact");
        options.forEach(
                (topic, rest) -> {
                    if (!topic.equals(Settings.defaultOf("topics.enrollments"))) {
                        assertThat(rest).doesNotContain("cleanup.policy");
                    }
                });
        // Sized as TopicProvisioner sizes them: the largest record the service writes
        ServiceConfig defaults = Settings.load(null, Map.of(), tmp);
        assertThat(command)
                .contains("--config max.message.bytes=" + defaults.maxRecordBytes() + " ");
        assertThat(Integer.parseInt(Compose.environment("kafka").get("KAFKA_MESSAGE_MAX_BYTES")))
                .isGreaterThan(defaults.maxRecordBytes());
    }

    @Test
    void prometheusScrapesTheAppUnderTheJobTheRulesSelectAndLoadsThem() {
        Map<String, Object> config = Yaml.document("deploy/prometheus/prometheus.yml");
        Object job =
                Yaml.list(config, "scrape_configs").stream()
                        .filter(j -> AlertRulesTest.JOB.equals(Yaml.string(j, "job_name")))
                        .findFirst()
                        .orElseThrow();
        assertThat(Yaml.string(job, "metrics_path")).isEqualTo(HttpEndpoints.METRICS);
        Object sd = Yaml.list(job, "dns_sd_configs").get(0);
        assertThat(Yaml.list(sd, "names")).containsExactly("countersign");
        assertThat(Compose.services()).containsKey("countersign");
        assertThat(Yaml.string(sd, "port")).isEqualTo(Settings.defaultOf("http.port"));
        List<String> mounts = Compose.volumes("prometheus");
        for (Object rules : Yaml.list(config, "rule_files")) {
            assertThat(mounts)
                    .contains("./deploy/prometheus/" + rules + ":/etc/prometheus/" + rules + ":ro");
        }
        assertThat(mounts)
                .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }
}
