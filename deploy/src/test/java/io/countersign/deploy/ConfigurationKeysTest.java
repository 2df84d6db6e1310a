package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.countersign.streams.config.ServiceConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key the ConfigMap sets and every variable the StatefulSet (base and GPU overlay) sets is
 * one the service's ConfigKeys knows (kafka.* ones, one Kafka knows), and together they load.
 */
class ConfigurationKeysTest {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");

    @TempDir Path tmp;

    @Test
    void everyConfigMapKeyIsOneTheServiceKnows() {
        Properties props = Manifests.properties();
        assertThat(props.stringPropertyNames()).isNotEmpty();
        for (String key : props.stringPropertyNames()) {
            assertThat(Settings.keyProblems(key)).isEmpty();
        }
    }

    @Test
    void noConfigMapKeyIsShadowedByAVariableOfTheImageOrThePod() {
        // serve reads the file first and the environment over it: a key set both ways would
        // ignore the ConfigMap's value without a word.
        Set<String> variables = new TreeSet<>();
        for (String profile : new String[] {null, "gpu"}) {
            variables.addAll(
                    JibConfig.load(profile).map("configuration/container/environment").keySet());
        }
        Manifests.appContainer(Manifests.statefulSet())
                .getEnv()
                .forEach(e -> variables.add(e.getName()));
        Manifests.gpuPatchContainer().getEnv().forEach(e -> variables.add(e.getName()));
        for (String key : Manifests.properties().stringPropertyNames()) {
            assertThat(variables)
                    .as(key + " is also set by a variable")
                    .doesNotContain(io.countersign.streams.config.ConfigKeys.envName(key));
        }
    }

    @Test
    void everyStatefulSetVariableIsASettingOrFeedsOne() {
        List<Container> containers =
                List.of(
                        Manifests.appContainer(Manifests.statefulSet()),
                        Manifests.gpuPatchContainer());
        Set<String> helpers = referenced(Manifests.appContainer(Manifests.statefulSet()));
        for (Container c : containers) {
            Set<String> names = new TreeSet<>();
            c.getEnv().forEach(e -> names.add(e.getName()));
            assertThat(Settings.variableProblems(names, helpers)).isEmpty();
        }
        assertThat(helpers).containsExactlyInAnyOrder("POD_NAME", "POD_NAMESPACE");
    }

    @Test
    void theConfigMapAndTheVariablesLoadAsTheServiceWouldLoadThem() {
        for (boolean gpu : new boolean[] {false, true}) {
            Map<String, String> env =
                    new HashMap<>(
                            JibConfig.load(gpu ? "gpu" : null)
                                    .map("configuration/container/environment"));
            env.putAll(resolved(Manifests.appContainer(Manifests.statefulSet())));
            if (gpu) {
                env.putAll(resolved(Manifests.gpuPatchContainer()));
            }
            ServiceConfig config = Settings.load(Manifests.properties(), env, tmp);
            assertThat(config.applicationServer().port()).isEqualTo(config.httpPort());
            assertThat(config.applicationServer().host()).startsWith("countersign-0.");
            assertThat(config.bootstrapServers()).isPresent();
            assertThat(config.kafkaProperties()).containsKey("sasl.jaas.config");
            assertThat(config.inference().device().name().toLowerCase())
                    .isEqualTo(gpu ? "cuda" : "cpu");
            assertThat(config.createTopics()).isFalse();
            assertThat(config.stateDir().toString()).startsWith("/var/lib/countersign/");
        }
    }

    @Test
    void aMisspelledKeyOrVariableIsCaught() {
        assertThat(Settings.keyProblems("batch.max-sise")).isNotEmpty();
        assertThat(Settings.keyProblems("kafka.bootstrap.server")).isNotEmpty();
        assertThat(Settings.variableProblems(Set.of("COUNTERSIGN_BATCH_MAX_SISE"), Set.of()))
                .isNotEmpty();
        assertThat(Settings.variableProblems(Set.of("COUNTERSIGN_KAFKA_SASL_JAAS_CONFG"), Set.of()))
                .isNotEmpty();
        assertThat(Settings.variableProblems(Set.of("JAVA_OPTS"), Set.of())).isNotEmpty();
        assertThat(
                        Settings.variableProblems(
                                Set.of(
                                        "COUNTERSIGN_KAFKA_SASL_JAAS_CONFIG",
                                        "COUNTERSIGN_HTTP_PORT"),
                                Set.of()))
                .isEmpty();
    }

    /** Variables other variables use as $(NAME). */
    private static Set<String> referenced(Container c) {
        Set<String> names = new TreeSet<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                Matcher m = REFERENCE.matcher(e.getValue());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The container's variables as the pod would see them: references and sources filled in. */
    private static Map<String, String> resolved(Container c) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            String value = e.getValue();
            if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
                String field = e.getValueFrom().getFieldRef().getFieldPath();
                value = field.equals("metadata.name") ? "countersign-0" : "countersign";
            } else if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                value = "from-secret-" + e.getValueFrom().getSecretKeyRef().getKey();
            }
            Matcher m = REFERENCE.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(env.get(m.group(1))));
            }
            m.appendTail(out);
            env.put(e.getName(), out.toString());
        }
        return env;
    }
}
