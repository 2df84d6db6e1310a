package io.countersign.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests under k8s/: each document, typed with fabric8's model where Kubernetes
 * defines the kind (unknown fields fail), as plain YAML for custom resources.
 */
final class Manifests {

    static final String BASE = "k8s/base";
    static final String GPU = "k8s/overlays/gpu";
    static final String REGISTRY = "k8s/overlays/registry";
    static final String TOPICS = "k8s/topics";

    /** Built-in kinds and their typed model. */
    static final Map<String, Class<? extends HasMetadata>> TYPED =
            Map.of(
                    "Namespace", Namespace.class,
                    "ConfigMap", ConfigMap.class,
                    "StatefulSet", StatefulSet.class,
                    "Service", Service.class,
                    "PodDisruptionBudget", PodDisruptionBudget.class);

    /**
     * fabric8's model classes keep unknown fields in an "additionalProperties" any-setter, which
     * would swallow a typo: this mapper ignores that setter, so an unknown field fails.
     */
    static final ObjectMapper STRICT =
            new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    // Kubernetes takes a quantity as a number too (nvidia.com/gpu: 1)
                    .registerModule(
                            new SimpleModule()
                                    .addDeserializer(
                                            Quantity.class,
                                            new JsonDeserializer<>() {
                                                @Override
                                                public Quantity deserialize(
                                                        JsonParser p, DeserializationContext c)
                                                        throws IOException {
                                                    return new Quantity(p.getValueAsString());
                                                }
                                            }))
                    .setAnnotationIntrospector(
                            new JacksonAnnotationIntrospector() {
                                @Override
                                public Boolean hasAnySetter(Annotated a) {
                                    return false;
                                }
                            });

    private Manifests() {}

    /** One YAML document of a manifest file. */
    record Doc(String file, Map<String, Object> yaml) {
        String kind() {
            return Yaml.string(yaml, "kind");
        }

        String apiVersion() {
            return Yaml.string(yaml, "apiVersion");
        }

        String name() {
            return Yaml.string(yaml, "metadata.name");
        }
    }

    /** Every .yaml file under k8s/, relative to the repository. */
    static List<String> files() {
        try (Stream<Path> walk = Files.walk(Repo.path("k8s"))) {
            return walk.filter(p -> p.toString().endsWith(".yaml"))
                    .map(p -> Repo.root().relativize(p).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the file is a JSON 6902 patch (a list of operations), not a resource. */
    static boolean isJsonPatch(String file) {
        for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(Repo.read(file))) {
            return doc instanceof List<?>;
        }
        return false;
    }

    static List<Doc> docs(String file) {
        return Yaml.documents(file).stream().map(y -> new Doc(file, y)).toList();
    }

    /** Every resource document of a directory's manifests (kustomization.yaml left out). */
    static List<Doc> resources(String dir) {
        return files().stream()
                .filter(f -> f.startsWith(dir + "/") && !f.endsWith("kustomization.yaml"))
                .filter(f -> !isJsonPatch(f))
                .flatMap(f -> docs(f).stream())
                .toList();
    }

    /** The document in fabric8's model; IllegalArgumentException names an unknown field. */
    static <T> T typed(Doc doc, Class<T> type) {
        return STRICT.convertValue(doc.yaml(), type);
    }

    static Doc one(String dir, String kind) {
        List<Doc> found = resources(dir).stream().filter(d -> kind.equals(d.kind())).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(dir + " has " + found.size() + " " + kind);
        }
        return found.get(0);
    }

    static List<Doc> all(String dir, String kind) {
        return resources(dir).stream().filter(d -> kind.equals(d.kind())).toList();
    }

    static StatefulSet statefulSet() {
        return typed(one(BASE, "StatefulSet"), StatefulSet.class);
    }

    /** The app container of the GPU overlay's StatefulSet patch (only what the overlay adds). */
    static Container gpuPatchContainer() {
        return appContainer(typed(one(GPU, "StatefulSet"), StatefulSet.class));
    }

    static Container appContainer(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("countersign"))
                .findFirst()
                .orElseThrow();
    }

    static ConfigMap configMap() {
        return typed(one(BASE, "ConfigMap"), ConfigMap.class);
    }

    /** The service's properties file in the ConfigMap. */
    static Properties properties() {
        Properties props = new Properties();
        try {
            props.load(new StringReader(configMap().getData().get("countersign.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }
}
