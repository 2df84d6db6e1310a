package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What kustomize renders from base and overlay (patches applied) is still strictly valid, and the
 * overlay kept the base's settings. Needs kubectl (its built-in kustomize): where it is not on PATH
 * these tests are skipped (JUnit assumptions); KubernetesManifestsTest checks the files.
 */
class KustomizeBuildTest {

    @Test
    void baseRendersIntoValidResourcesInTheServicesNamespace() {
        List<Manifests.Doc> docs = render(Manifests.BASE);
        for (Manifests.Doc doc : docs) {
            Class<? extends HasMetadata> type = Manifests.TYPED.get(doc.kind());
            if (type != null) {
                Manifests.typed(doc, type);
            }
            if (!"Namespace".equals(doc.kind())) {
                assertThat(Yaml.string(doc.yaml(), "metadata.namespace"))
                        .as(doc.kind())
                        .isEqualTo("countersign");
            }
        }
        assertThat(docs)
                .extracting(Manifests.Doc::kind)
                .contains(
                        "Namespace",
                        "ConfigMap",
                        "StatefulSet",
                        "Service",
                        "PodDisruptionBudget",
                        "ServiceMonitor",
                        "PrometheusRule",
                        "ScaledObject",
                        "TriggerAuthentication");
    }

    @Test
    void theGpuOverlayAddsTheGpuAndKeepsEverythingElse() {
        StatefulSet gpu = statefulSet(render(Manifests.GPU));
        StatefulSet base = statefulSet(render(Manifests.BASE));
        Container g = Manifests.appContainer(gpu);
        Container b = Manifests.appContainer(base);
        assertThat(g.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(g.getImage()).isEqualTo(JibConfig.load("gpu").get("configuration/to/image"));
        assertThat(KubernetesManifestsTest.env(g))
                .containsEntry("COUNTERSIGN_INFERENCE_DEVICE", "cuda");
        assertThat(g.getEnv()).containsAll(b.getEnv());
        assertThat(g.getReadinessProbe()).isEqualTo(b.getReadinessProbe());
        assertThat(g.getVolumeMounts()).isEqualTo(b.getVolumeMounts());
        Manifests.Doc scaled =
                render(Manifests.GPU).stream()
                        .filter(d -> d.kind().equals("ScaledObject"))
                        .findFirst()
                        .orElseThrow();
        assertThat(
                        Yaml.string(
                                Yaml.list(scaled.yaml(), "spec.triggers").get(0),
                                "metadata.lagThreshold"))
                .isEqualTo("2000");
    }

    @Test
    void theRegistryOverlaySetsTheRegistryAndKeepsEverythingElse(@TempDir Path tmp) {
        Container r = Manifests.appContainer(statefulSet(render(Manifests.REGISTRY)));
        Container b = Manifests.appContainer(statefulSet(render(Manifests.BASE)));
        assertThat(r.getEnv()).containsAll(b.getEnv());
        Map<String, String> env = KubernetesManifestsTest.env(r);
        assertThat(Settings.variableProblems(env.keySet(), Set.of("POD_NAME", "POD_NAMESPACE")))
                .isEmpty();
        // the credentials come from a Secret, never a literal
        assertThat(env).containsEntry("COUNTERSIGN_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", null);
        Map<String, String> literal = new HashMap<>();
        env.forEach(
                (name, value) -> {
                    if (value != null && !value.contains("$(")) {
                        literal.put(name, value);
                    }
                });
        assertThat(Settings.load(null, literal, tmp).schemaRegistry())
                .hasValueSatisfying(
                        settings ->
                                assertThat(settings.url().getPath()).isEqualTo("/apis/ccompat/v7"));
    }

    @Test
    void topicsRenderIntoTheKafkaNamespace() {
        List<Manifests.Doc> docs = render(Manifests.TOPICS);
        assertThat(docs).hasSize(KafkaTopicsTest.TOPIC_KEYS.size());
        assertThat(docs).allMatch(d -> "kafka".equals(Yaml.string(d.yaml(), "metadata.namespace")));
    }

    private static StatefulSet statefulSet(List<Manifests.Doc> docs) {
        return Manifests.typed(
                docs.stream().filter(d -> d.kind().equals("StatefulSet")).findFirst().orElseThrow(),
                StatefulSet.class);
    }

    private static List<Manifests.Doc> render(String dir) {
        Optional<Path> kubectl = Tools.find("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not on PATH");
        Tools.Result r = Tools.run(kubectl.get(), "kustomize", dir);
        assertThat(r.exit()).as(r.output()).isZero();
        return Yaml.parseAll(r.output()).stream()
                .map((Map<String, Object> y) -> new Manifests.Doc(dir, y))
                .toList();
    }
}
