package io.recoverysync.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML reading (duplicate keys are an error, merge keys {@code <<} resolved) and navigation in parsed maps. */
final class Yaml {

    private Yaml() {
    }

    /** Every non-empty document of a multi-document file, each a mapping. */
    static List<Map<String, Object>> loadAll(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        int index = 0;
        for (Object doc : parser().loadAll(Repo.read(file))) {
            index++;
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map)) {
                throw new AssertionError(Repo.rel(file) + ": document " + index + " is not a mapping");
            }
            docs.add(asMap(doc));
        }
        return docs;
    }

    static Map<String, Object> loadOne(Path file) {
        List<Map<String, Object>> docs = loadAll(file);
        if (docs.size() != 1) {
            throw new AssertionError(Repo.rel(file) + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    static Object parse(String text) {
        return parser().load(text);
    }

    private static org.yaml.snakeyaml.Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
    }

    /** The value at a dotted path of map keys ({@code "spec.template.spec"}), or null. */
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

    static Map<String, Object> map(Object node, String path) {
        Object value = at(node, path);
        return value == null ? Map.of() : asMap(value);
    }

    static List<Object> list(Object node, String path) {
        Object value = at(node, path);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw new AssertionError(path + " is not a list: " + value);
        }
        return new ArrayList<>(l);
    }

    static String str(Object node, String path) {
        Object value = at(node, path);
        return value == null ? null : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        if (!(value instanceof Map)) {
            throw new AssertionError("not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    static String kindAndName(Map<String, Object> resource) {
        return Objects.toString(resource.get("kind")) + "/" + str(resource, "metadata.name");
    }
}
