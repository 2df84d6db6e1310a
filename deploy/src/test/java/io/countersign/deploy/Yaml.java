package io.countersign.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/** Untyped YAML: documents as maps and lists, with a helper to walk them by path. */
final class Yaml {

    private Yaml() {}

    /** Every document of {@code relative} (a repository path), empty documents left out. */
    static List<Map<String, Object>> documents(String relative) {
        return parseAll(Repo.read(relative));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parseAll(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(options);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(text)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    /** The one document of {@code relative}. */
    static Map<String, Object> document(String relative) {
        List<Map<String, Object>> docs = documents(relative);
        if (docs.size() != 1) {
            throw new IllegalStateException(relative + " has " + docs.size() + " documents");
        }
        return docs.get(0);
    }

    /** {@code node} written as YAML. */
    static String dump(Object node) {
        return new org.yaml.snakeyaml.Yaml().dump(node);
    }

    /** The value at {@code path} (dot-separated keys), or null where any step is missing. */
    static Object at(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path) {
        Object value = at(node, path);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String path) {
        Object value = at(node, path);
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }

    static String string(Object node, String path) {
        Object value = at(node, path);
        return value == null ? null : value.toString();
    }
}
