package io.countersign.deploy;

import io.countersign.streams.config.ConfigKeys;
import io.countersign.streams.config.ServiceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Checks settings and environment variables against the service's own configuration class ({@link
 * ConfigKeys}) and Kafka's, and loads them the way {@code serve} does.
 */
final class Settings {

    private Settings() {}

    /** Every setting a Kafka client or Kafka Streams accepts. */
    static Set<String> kafkaSettings() {
        Set<String> names = new TreeSet<>(StreamsConfig.configDef().names());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    /** Problems with one key of a properties file: unknown, or a kafka.* Kafka does not know. */
    static List<String> keyProblems(String key) {
        List<String> problems = new ArrayList<>();
        if (!ConfigKeys.isKnown(key)) {
            problems.add(key + " is not a key of ConfigKeys");
        } else if (key.startsWith(ConfigKeys.KAFKA_PREFIX)
                && !kafkaSettings().contains(key.substring(ConfigKeys.KAFKA_PREFIX.length()))) {
            problems.add(key + " is no Kafka client or Streams setting");
        }
        return problems;
    }

    /** The key a COUNTERSIGN_* variable sets, as ServiceConfig maps it; null if none. */
    static String keyOf(String variable) {
        for (String key : ConfigKeys.all().keySet()) {
            if (ConfigKeys.envName(key).equals(variable)) {
                return key;
            }
        }
        String kafka = ConfigKeys.ENV_PREFIX + "KAFKA_";
        if (variable.startsWith(kafka)) {
            return variable.substring(ConfigKeys.ENV_PREFIX.length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '.');
        }
        return null;
    }

    /**
     * Problems with a set of environment variables: a COUNTERSIGN_* one that names no key, and any
     * other that is not in {@code helpers} (Kubernetes variables used in $(...)).
     */
    static List<String> variableProblems(Set<String> variables, Set<String> helpers) {
        List<String> problems = new ArrayList<>();
        for (String name : variables) {
            if (name.startsWith(ConfigKeys.ENV_PREFIX)) {
                String key = keyOf(name);
                if (key == null) {
                    problems.add(name + " sets no key of ConfigKeys");
                } else {
                    keyProblems(key).forEach(p -> problems.add(name + ": " + p));
                }
            } else if (!helpers.contains(name)) {
                problems.add(name + " is neither a COUNTERSIGN_ setting nor used by one");
            }
        }
        return problems;
    }

    /**
     * Loads settings as {@code serve --config} does (file, then environment), with model.dir
     * pointing at the shipped model in this checkout: validation fails on any bad value.
     */
    static ServiceConfig load(Properties file, Map<String, String> env, Path tmp) {
        Map<String, String> environment = new HashMap<>(env);
        environment.put(ConfigKeys.envName("model.dir"), Repo.model().toString());
        Path config = null;
        if (file != null) {
            config = tmp.resolve("countersign.properties");
            try (Writer out = Files.newBufferedWriter(config)) {
                file.store(out, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ServiceConfig.load(config, environment);
    }

    /** A key's default as ConfigKeys gives it. */
    static String defaultOf(String key) {
        return ConfigKeys.all().get(key).defaultValue();
    }
}
