package io.countersign.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** docker-compose.yml, parsed (anchors and merge keys resolved as Compose does). */
final class Compose {

    static final String FILE = "docker-compose.yml";

    private Compose() {}

    static Map<String, Object> file() {
        return Yaml.document(FILE);
    }

    static Map<String, Object> services() {
        return Yaml.map(file(), "services");
    }

    static Map<String, Object> service(String name) {
        Map<String, Object> service = Yaml.map(services(), name);
        if (service.isEmpty()) {
            throw new IllegalStateException(FILE + " has no service " + name);
        }
        return service;
    }

    /** The services that run the Countersign image (CPU and GPU flavours). */
    static Set<String> appServices() {
        Set<String> names = new TreeSet<>();
        services()
                .forEach(
                        (name, service) -> {
                            String image = Yaml.string(service, "image");
                            if (image != null && image.contains("countersign/countersign")) {
                                names.add(name);
                            }
                        });
        return names;
    }

    /** A service's environment as a map, whether written as a map or a list of NAME=VALUE. */
    static Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(k.toString(), v == null ? null : v.toString()));
        } else if (env instanceof List<?> list) {
            for (Object item : list) {
                String[] parts = item.toString().split("=", 2);
                result.put(parts[0], parts.length > 1 ? parts[1] : null);
            }
        }
        return result;
    }

    /** The health check's test as a list (CMD form, or CMD-SHELL and its command). */
    static List<String> healthcheckTest(String service) {
        Object test = Yaml.at(service(service), "healthcheck.test");
        List<String> parts = new ArrayList<>();
        if (test instanceof List<?> list) {
            list.forEach(p -> parts.add(p.toString()));
        } else if (test != null) {
            parts.add("CMD-SHELL");
            parts.add(test.toString());
        }
        return parts;
    }

    /** depends_on as service names, short or long syntax. */
    static Map<String, String> dependsOn(String service) {
        Object deps = service(service).get("depends_on");
        Map<String, String> result = new LinkedHashMap<>();
        if (deps instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(k.toString(), Yaml.string(v, "condition")));
        } else if (deps instanceof List<?> list) {
            list.forEach(d -> result.put(d.toString(), "service_started"));
        }
        return result;
    }

    /** Volume entries as "source:target[:mode]" strings (short syntax). */
    static List<String> volumes(String service) {
        List<String> result = new ArrayList<>();
        for (Object volume : Yaml.list(service(service), "volumes")) {
            result.add(volume.toString());
        }
        return result;
    }
}
