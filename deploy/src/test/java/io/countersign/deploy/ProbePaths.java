package io.countersign.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The HTTP paths the deployments probe: the StatefulSet's probes and the compose health check. */
final class ProbePaths {

    private static final Pattern HTTP_GET = Pattern.compile("GET (/\\S*) HTTP");

    private ProbePaths() {}

    static Set<String> all() {
        Set<String> paths = new TreeSet<>(kubernetes());
        paths.addAll(compose());
        return paths;
    }

    static Set<String> kubernetes() {
        Set<String> paths = new TreeSet<>();
        Container container = Manifests.appContainer(Manifests.statefulSet());
        Stream.of(
                        container.getStartupProbe(),
                        container.getLivenessProbe(),
                        container.getReadinessProbe())
                .filter(p -> p != null && p.getHttpGet() != null)
                .map(Probe::getHttpGet)
                .forEach(get -> paths.add(get.getPath()));
        return paths;
    }

    /** Paths in the app services' health-check commands. */
    static Set<String> compose() {
        Set<String> paths = new TreeSet<>();
        for (String service : Compose.appServices()) {
            String test = String.join(" ", Compose.healthcheckTest(service));
            Matcher m = HTTP_GET.matcher(test);
            while (m.find()) {
                paths.add(m.group(1));
            }
        }
        return paths;
    }
}
