package io.countersign.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.streams.http.HttpEndpoints;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** k8s/: every document parses strictly, and its pieces fit together and fit the service. */
class KubernetesManifestsTest {

    /** Where the custom resources keep what they cannot work without. */
    private static final Map<String, List<String>> REQUIRED =
            Map.of(
                    "Kustomization", List.of("apiVersion"),
                    "ServiceMonitor", List.of("metadata.name", "spec.selector", "spec.endpoints"),
                    "PrometheusRule", List.of("metadata.name", "spec.groups"),
                    "ScaledObject",
                            List.of(
                                    "metadata.name",
                                    "spec.scaleTargetRef.name",
                                    "spec.minReplicaCount",
                                    "spec.maxReplicaCount",
                                    "spec.triggers"),
                    "TriggerAuthentication", List.of("metadata.name", "spec.secretTargetRef"),
                    "KafkaTopic",
                            List.of(
                                    "metadata.name",
                                    "metadata.labels",
                                    "spec.partitions",
                                    "spec.replicas"));

    private static final Map<String, String> CUSTOM_API_VERSIONS =
            Map.of(
                    "Kustomization", "kustomize.config.k8s.io/v1beta1",
                    "ServiceMonitor", "monitoring.coreos.com/v1",
                    "PrometheusRule", "monitoring.coreos.com/v1",
                    "ScaledObject", "keda.sh/v1alpha1",
                    "TriggerAuthentication", "keda.sh/v1alpha1",
                    "KafkaTopic", "kafka.strimzi.io/v1beta2");

    @Test
    void everyDocumentParsesIntoTheTypedModelOrHasItsRequiredFields() {
        List<String> files = Manifests.files();
        assertThat(files).contains(Manifests.BASE + "/kustomization.yaml");
        int typed = 0;
        for (String file : files) {
            if (Manifests.isJsonPatch(file)) {
                for (Object op :
                        new org.yaml.snakeyaml.Yaml().<List<Object>>load(Repo.read(file))) {
                    assertThat(Yaml.string(op, "op")).as(file).isIn("add", "replace", "remove");
                    assertThat(Yaml.string(op, "path")).as(file).startsWith("/");
                }
                continue;
            }
            for (Manifests.Doc doc : Manifests.docs(file)) {
                String where = file + " (" + doc.kind() + " " + doc.name() + ")";
                Class<? extends HasMetadata> type = Manifests.TYPED.get(doc.kind());
                if (type != null) {
                    HasMetadata resource = Manifests.typed(doc, type);
                    assertThat(doc.apiVersion())
                            .as(where)
                            .isEqualTo(HasMetadata.getApiVersion(type));
                    assertThat(resource.getMetadata().getName()).as(where).isNotBlank();
                    typed++;
                } else {
                    assertThat(CUSTOM_API_VERSIONS)
                            .as(where + ": unexpected kind")
                            .containsKey(doc.kind());
                    assertThat(doc.apiVersion())
                            .as(where)
                            .isEqualTo(CUSTOM_API_VERSIONS.get(doc.kind()));
                    for (String field : REQUIRED.get(doc.kind())) {
                        assertThat(Yaml.at(doc.yaml(), field))
                                .as(where + " needs " + field)
                                .isNotNull();
                    }
                }
            }
        }
        assertThat(typed).isGreaterThanOrEqualTo(Manifests.TYPED.size());
    }

    @Test
    void anUnknownFieldFailsTheTypedParse() {
        Manifests.Doc set = Manifests.one(Manifests.BASE, "StatefulSet");
        Map<String, Object> yaml = deepCopy(set.yaml());
        Map<String, Object> probe = Yaml.map(firstContainer(yaml), "readinessProbe.httpGet");
        probe.put("paht", "/health/ready");
        assertThatThrownBy(
                        () -> Manifests.typed(new Manifests.Doc("typo", yaml), StatefulSet.class))
                .hasMessageContaining("paht");
        Map<String, Object> top = deepCopy(set.yaml());
        Yaml.map(top, "spec").put("replica", 3);
        assertThatThrownBy(() -> Manifests.typed(new Manifests.Doc("typo", top), StatefulSet.class))
                .hasMessageContaining("replica");
    }

    @Test
    void everyFileAKustomizationListsExistsAndEveryManifestIsListed() {
        for (String dir : List.of(Manifests.BASE, Manifests.GPU, Manifests.TOPICS)) {
            Map<String, Object> k = Yaml.document(dir + "/kustomization.yaml");
            assertThat(Yaml.string(k, "kind")).isEqualTo("Kustomization");
            Set<String> listed = new TreeSet<>();
            for (Object resource : Yaml.list(k, "resources")) {
                var path = Repo.path(dir).resolve(resource.toString()).normalize();
                assertThat(
                                Files.isRegularFile(path)
                                        || Files.isRegularFile(path.resolve("kustomization.yaml")))
                        .as(dir + " lists " + resource)
                        .isTrue();
                listed.add(resource.toString());
            }
            for (Object patch : Yaml.list(k, "patches")) {
                String path = Yaml.string(patch, "path");
                assertThat(Repo.path(dir).resolve(path))
                        .as(dir + " patches with " + path)
                        .isRegularFile();
                listed.add(path);
            }
            // No manifest lies in the directory unused
            for (String file : Manifests.files()) {
                if (file.startsWith(dir + "/") && !file.endsWith("kustomization.yaml")) {
                    assertThat(listed)
                            .as(dir + " uses " + file)
                            .contains(file.substring(dir.length() + 1));
                }
            }
        }
    }

    @Test
    void probesAskThePathsAndPortTheServiceServes() {
        Container c = Manifests.appContainer(Manifests.statefulSet());
        int httpPort = Integer.parseInt(Settings.defaultOf("http.port"));
        assertThat(Manifests.properties().getProperty("http.port", Settings.defaultOf("http.port")))
                .isEqualTo(Settings.defaultOf("http.port"));
        // HttpEndpoints registers these paths as literals (no constants to read): the IT
        // (MetricsExistIT) asks a running service for each and expects 200.
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(HttpEndpoints.READY);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(HttpEndpoints.LIVE);
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo(HttpEndpoints.LIVE);
        for (Probe probe :
                List.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
            assertThat(
                            portNumber(
                                    c,
                                    probe.getHttpGet().getPort().getStrVal(),
                                    probe.getHttpGet().getPort().getIntVal()))
                    .isEqualTo(httpPort);
        }
    }

    @Test
    void theStatefulSetRunsTheServiceAsItExpects() {
        StatefulSet set = Manifests.statefulSet();
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        Container c = Manifests.appContainer(set);
        // serve --config with the ConfigMap's file, parsed as the service will
        io.countersign.streams.cli.ServiceCli.commandLine()
                .parseArgs(c.getArgs().toArray(String[]::new));
        String config = c.getArgs().get(c.getArgs().indexOf("--config") + 1);
        String mount = mountOf(c, "config");
        assertThat(config).startsWith(mount + "/");
        assertThat(Manifests.configMap().getData())
                .containsKey(config.substring(mount.length() + 1));
        assertThat(pod.getVolumes())
                .anyMatch(
                        v ->
                                v.getName().equals("config")
                                        && v.getConfigMap() != null
                                        && v.getConfigMap()
                                                .getName()
                                                .equals(
                                                        Manifests.configMap()
                                                                .getMetadata()
                                                                .getName()));

        // RocksDB state on the pod's own volume (state.dir as the image sets it)
        String stateDir =
                JibConfig.load(null)
                        .map("configuration/container/environment")
                        .get("COUNTERSIGN_STATE_DIR");
        String stateMount = mountOf(c, "state");
        assertThat(stateDir).startsWith(stateMount + "/");
        assertThat(set.getSpec().getVolumeClaimTemplates())
                .anyMatch(t -> t.getMetadata().getName().equals("state"));
        assertThat(Manifests.properties().getProperty("standby.replicas")).isEqualTo("1");

        // Every mount has its volume
        Set<String> volumes = new TreeSet<>();
        pod.getVolumes().forEach(v -> volumes.add(v.getName()));
        set.getSpec()
                .getVolumeClaimTemplates()
                .forEach(t -> volumes.add(t.getMetadata().getName()));
        c.getVolumeMounts().forEach(m -> assertThat(volumes).contains(m.getName()));

        // The same non-root user the image sets; fsGroup makes the volume writable for it
        String imageUser = JibConfig.load(null).get("configuration/container/user");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(
                        pod.getSecurityContext().getRunAsUser()
                                + ":"
                                + pod.getSecurityContext().getRunAsGroup())
                .isEqualTo(imageUser);
        assertThat(pod.getSecurityContext().getFsGroup())
                .isEqualTo(pod.getSecurityContext().getRunAsGroup());
        if (Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
            assertThat(mountOf(c, "tmp")).isEqualTo("/tmp");
        }

        // A clean close commits within 30 s (CountersignService.close), plus the rest
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(60L);
        // Service links would set COUNTERSIGN_<SERVICE>_* variables the service reads
        assertThat(pod.getEnableServiceLinks()).isFalse();
        // Requests and limits for what the scheduler and the JVM size themselves by
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("memory");
        assertThat(c.getResources().getLimits().get("memory"))
                .isEqualTo(c.getResources().getRequests().get("memory"));
        // Instances spread over nodes, so a standby is not lost with its active
        assertThat(
                        pod.getAffinity()
                                .getPodAntiAffinity()
                                .getPreferredDuringSchedulingIgnoredDuringExecution()
                                .get(0)
                                .getPodAffinityTerm()
                                .getLabelSelector()
                                .getMatchLabels())
                .isEqualTo(set.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void applicationServerIsThePodsNameOnTheHeadlessServiceAndTheHttpPort() {
        StatefulSet set = Manifests.statefulSet();
        Container c = Manifests.appContainer(set);
        String value = env(c).get("COUNTERSIGN_APPLICATION_SERVER");
        assertThat(value)
                .isEqualTo(
                        "$(POD_NAME)."
                                + set.getSpec().getServiceName()
                                + ".$(POD_NAMESPACE).svc.cluster.local:"
                                + Settings.defaultOf("http.port"));
        assertThat(c.getEnv())
                .anyMatch(
                        e ->
                                e.getName().equals("POD_NAME")
                                        && e.getValueFrom()
                                                .getFieldRef()
                                                .getFieldPath()
                                                .equals("metadata.name"));
        assertThat(c.getEnv())
                .anyMatch(
                        e ->
                                e.getName().equals("POD_NAMESPACE")
                                        && e.getValueFrom()
                                                .getFieldRef()
                                                .getFieldPath()
                                                .equals("metadata.namespace"));
        Service headless = service(set.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    }

    @Test
    void servicesSelectThePodsAndReachTheHttpPort() {
        StatefulSet set = Manifests.statefulSet();
        Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
        Container c = Manifests.appContainer(set);
        for (Manifests.Doc doc : Manifests.all(Manifests.BASE, "Service")) {
            Service s = Manifests.typed(doc, Service.class);
            assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector());
            for (ServicePort port : s.getSpec().getPorts()) {
                assertThat(
                                portNumber(
                                        c,
                                        port.getTargetPort().getStrVal(),
                                        port.getTargetPort().getIntVal()))
                        .isEqualTo(Integer.parseInt(Settings.defaultOf("http.port")));
            }
        }
        PodDisruptionBudget pdb =
                Manifests.typed(
                        Manifests.one(Manifests.BASE, "PodDisruptionBudget"),
                        PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void theServiceMonitorScrapesMetricsAsJobCountersign() {
        Map<String, Object> monitor = Manifests.one(Manifests.BASE, "ServiceMonitor").yaml();
        Map<String, Object> selector = Yaml.map(monitor, "spec.selector.matchLabels");
        List<Service> matching = new ArrayList<>();
        for (Manifests.Doc doc : Manifests.all(Manifests.BASE, "Service")) {
            Service s = Manifests.typed(doc, Service.class);
            if (s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
                matching.add(s);
            }
        }
        assertThat(matching).hasSize(1);
        Service metrics = matching.get(0);
        assertThat(metrics.getSpec().getPublishNotReadyAddresses()).isTrue();
        for (Object endpoint : Yaml.list(monitor, "spec.endpoints")) {
            assertThat(Yaml.string(endpoint, "path")).isEqualTo(HttpEndpoints.METRICS);
            assertThat(metrics.getSpec().getPorts())
                    .extracting(ServicePort::getName)
                    .contains(Yaml.string(endpoint, "port"));
        }
        // The job label the alert rules select: the value of the Service label named by jobLabel
        String jobLabel = Yaml.string(monitor, "spec.jobLabel");
        assertThat(metrics.getMetadata().getLabels().get(jobLabel)).isEqualTo(AlertRulesTest.JOB);
    }

    @Test
    void credentialsComeFromSecretsAndAreNeverInlined() {
        for (String dir : List.of(Manifests.BASE, Manifests.GPU, Manifests.TOPICS)) {
            assertThat(Manifests.resources(dir)).noneMatch(d -> "Secret".equals(d.kind()));
        }
        Container c = Manifests.appContainer(Manifests.statefulSet());
        assertThat(c.getEnv())
                .filteredOn(e -> e.getName().contains("SASL") || e.getName().contains("PASSWORD"))
                .isNotEmpty()
                .allMatch(e -> e.getValue() == null && e.getValueFrom().getSecretKeyRef() != null);
        assertThat(Manifests.properties().stringPropertyNames())
                .noneMatch(k -> k.contains("jaas") || k.contains("password"));
        for (Object ref :
                Yaml.list(
                        Manifests.one(Manifests.BASE, "TriggerAuthentication").yaml(),
                        "spec.secretTargetRef")) {
            assertThat(Yaml.string(ref, "name")).isNotBlank();
            assertThat(Yaml.string(ref, "key")).isNotBlank();
        }
    }

    @Test
    void autoscalingFollowsTheRequestsLagOfTheServicesGroupWithinThePartitions() {
        Map<String, Object> scaled = Manifests.one(Manifests.BASE, "ScaledObject").yaml();
        StatefulSet set = Manifests.statefulSet();
        assertThat(Yaml.string(scaled, "spec.scaleTargetRef.kind")).isEqualTo("StatefulSet");
        assertThat(Yaml.string(scaled, "spec.scaleTargetRef.name"))
                .isEqualTo(set.getMetadata().getName());
        Object trigger = Yaml.list(scaled, "spec.triggers").get(0);
        assertThat(Yaml.string(trigger, "type")).isEqualTo("kafka");
        var props = Manifests.properties();
        assertThat(Yaml.string(trigger, "metadata.consumerGroup"))
                .isEqualTo(
                        props.getProperty("application.id", Settings.defaultOf("application.id")));
        assertThat(Yaml.string(trigger, "metadata.topic"))
                .isEqualTo(
                        props.getProperty(
                                "topics.requests", Settings.defaultOf("topics.requests")));
        assertThat(Yaml.string(trigger, "metadata.bootstrapServers"))
                .isEqualTo(props.getProperty("kafka.bootstrap.servers"));
        assertThat(Yaml.string(trigger, "authenticationRef.name"))
                .isEqualTo(Manifests.one(Manifests.BASE, "TriggerAuthentication").name());

        int min = ((Number) Yaml.at(scaled, "spec.minReplicaCount")).intValue();
        int max = ((Number) Yaml.at(scaled, "spec.maxReplicaCount")).intValue();
        int threads =
                Integer.parseInt(
                        props.getProperty("stream.threads", Settings.defaultOf("stream.threads")));
        int standbys = Integer.parseInt(props.getProperty("standby.replicas"));
        int partitions =
                KafkaTopicsTest.partitions(
                        props.getProperty(
                                "topics.requests", Settings.defaultOf("topics.requests")));
        assertThat(min).as("a standby needs a pod of its own").isGreaterThan(standbys);
        assertThat(max * threads)
                .as("threads beyond the partitions sit idle")
                .isLessThanOrEqualTo(partitions);
        assertThat(set.getSpec().getReplicas())
                .as("KEDA owns the replica count; kubectl apply would reset it")
                .isNull();
    }

    @Test
    void theGpuOverlayAsksForAGpuAndCudaOnTheSameContainer() {
        Manifests.Doc patch = Manifests.one(Manifests.GPU, "StatefulSet");
        StatefulSet gpu = Manifests.typed(patch, StatefulSet.class);
        assertThat(gpu.getMetadata().getName())
                .isEqualTo(Manifests.statefulSet().getMetadata().getName());
        Container c = gpu.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getName())
                .isEqualTo(Manifests.appContainer(Manifests.statefulSet()).getName());
        assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(env(c)).containsEntry("COUNTERSIGN_INFERENCE_DEVICE", "cuda");
        Map<String, Object> k = Yaml.document(Manifests.GPU + "/kustomization.yaml");
        Object image = Yaml.list(k, "images").get(0);
        String baseImage = Manifests.appContainer(Manifests.statefulSet()).getImage();
        assertThat(baseImage).startsWith(Yaml.string(image, "name") + ":");
        assertThat(Yaml.string(image, "newTag"))
                .isEqualTo(
                        JibConfig.load("gpu").get("configuration/to/image").replaceAll("^.*:", ""));
        assertThat(baseImage).isEqualTo(JibConfig.load(null).get("configuration/to/image"));
    }

    private static Map<String, Object> firstContainer(Map<String, Object> statefulSet) {
        @SuppressWarnings("unchecked")
        Map<String, Object> c =
                (Map<String, Object>)
                        Yaml.list(statefulSet, "spec.template.spec.containers").get(0);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> yaml) {
        return (Map<String, Object>)
                new org.yaml.snakeyaml.Yaml().load(new org.yaml.snakeyaml.Yaml().dump(yaml));
    }

    static Map<String, String> env(Container c) {
        Map<String, String> env = new HashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    private static String mountOf(Container c, String volume) {
        return c.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mount of volume " + volume))
                .getMountPath();
    }

    private static int portNumber(Container c, String name, Integer number) {
        if (name == null) {
            return number;
        }
        return c.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static Service service(String name) {
        return Manifests.all(Manifests.BASE, "Service").stream()
                .map(d -> Manifests.typed(d, Service.class))
                .filter(s -> s.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + name));
    }
}
