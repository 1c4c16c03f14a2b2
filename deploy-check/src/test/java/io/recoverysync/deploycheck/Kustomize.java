package io.recoverysync.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The subset of kustomize these manifests use, resolved in Java: resources (files and directories), components,
 * namespace, images, replicas and JSON 6902 patches with a target. Anything else in a kustomization fails, so a
 * feature this resolver ignores can never make a check pass by accident. When kubectl is installed,
 * {@code KustomizeCheckTest} compares the result with {@code kubectl kustomize}.
 */
final class Kustomize {

    static final Set<String> KUSTOMIZATION_KEYS =
            Set.of("apiVersion", "kind", "resources", "components", "namespace", "images", "replicas", "patches");

    /** One rendered resource and the file it came from. */
    record Resource(Path source, Map<String, Object> doc) {
        String kind() {
            return String.valueOf(doc.get("kind"));
        }

        String name() {
            return Yaml.str(doc, "metadata.name");
        }

        String apiVersion() {
            return String.valueOf(doc.get("apiVersion"));
        }

        String group() {
            String api = apiVersion();
            return api.contains("/") ? api.substring(0, api.indexOf('/')) : "";
        }
    }

    /** What a build found, besides its resources: the transformations that matched nothing. */
    record Build(Path dir, List<Resource> resources, List<String> unmatched) {
        List<Resource> ofKind(String kind) {
            return resources.stream().filter(r -> r.kind().equals(kind)).toList();
        }

        Resource get(String kind, String name) {
            return resources.stream()
                    .filter(r -> r.kind().equals(kind) && Objects.equals(r.name(), name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            Repo.rel(dir) + " renders no " + kind + " named " + name));
        }

        boolean has(String kind, String name) {
            return resources.stream().anyMatch(r -> r.kind().equals(kind) && Objects.equals(r.name(), name));
        }
    }

    private Kustomize() {
    }

    static Build build(Path dir) {
        List<Resource> out = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        apply(dir, "Kustomization", out, unmatched);
        return new Build(dir, out, unmatched);
    }

    static Map<String, Object> kustomization(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(Repo.rel(dir) + " has no kustomization.yaml");
        }
        return Yaml.loadOne(file);
    }

    private static void apply(Path dir, String expectedKind, List<Resource> out, List<String> unmatched) {
        Map<String, Object> k = kustomization(dir);
        String where = Repo.rel(dir.resolve("kustomization.yaml"));
        if (!expectedKind.equals(k.get("kind"))) {
            throw new AssertionError(where + ": kind must be " + expectedKind + ", is " + k.get("kind"));
        }
        for (String key : k.keySet()) {
            if (!KUSTOMIZATION_KEYS.contains(key)) {
                throw new AssertionError(where + ": field '" + key + "' is not supported by deploy-check's resolver"
                        + " (supported: " + KUSTOMIZATION_KEYS + "); extend Kustomize.java");
            }
        }
        for (Object entry : Yaml.list(k, "resources")) {
            Path path = dir.resolve(String.valueOf(entry)).normalize();
            if (Files.isDirectory(path)) {
                apply(path, "Kustomization", out, unmatched);
            } else if (Files.isRegularFile(path)) {
                for (Map<String, Object> doc : Yaml.loadAll(path)) {
                    out.add(new Resource(path, doc));
                }
            } else {
                throw new AssertionError(where + ": resource " + entry + " does not exist (" + Repo.rel(path) + ")");
            }
        }
        for (Object entry : Yaml.list(k, "components")) {
            Path path = dir.resolve(String.valueOf(entry)).normalize();
            if (!Files.isDirectory(path)) {
                throw new AssertionError(where + ": component " + entry + " is not a directory");
            }
            apply(path, "Component", out, unmatched);
        }
        for (Object patch : Yaml.list(k, "patches")) {
            patch(where, Yaml.asMap(patch), out, unmatched);
        }
        for (Object image : Yaml.list(k, "images")) {
            image(where, Yaml.asMap(image), out, unmatched);
        }
        for (Object replicas : Yaml.list(k, "replicas")) {
            Map<String, Object> r = Yaml.asMap(replicas);
            List<Resource> targets = out.stream()
                    .filter(res -> Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(res.kind()))
                    .filter(res -> Objects.equals(res.name(), r.get("name")))
                    .toList();
            if (targets.isEmpty()) {
                unmatched.add(where + ": replicas for '" + r.get("name") + "' match no Deployment");
            }
            targets.forEach(t -> Yaml.asMap(t.doc().get("spec")).put("replicas", r.get("count")));
        }
        Object namespace = k.get("namespace");
        if (namespace != null) {
            for (Resource r : out) {
                Yaml.asMap(r.doc().get("metadata")).put("namespace", namespace);
            }
        }
    }

    private static void patch(String where, Map<String, Object> patch, List<Resource> out, List<String> unmatched) {
        Map<String, Object> target = Yaml.map(patch, "target");
        if (target.isEmpty() || !(patch.get("patch") instanceof String text)) {
            throw new AssertionError(where + ": only JSON 6902 patches with a target and an inline patch are supported");
        }
        Object ops = Yaml.parse(text);
        if (!(ops instanceof List<?> opList)) {
            throw new AssertionError(where + ": patch for " + target + " is not a JSON 6902 operation list");
        }
        List<Resource> hits = out.stream().filter(r -> matches(target, r)).toList();
        if (hits.isEmpty()) {
            unmatched.add(where + ": patch target " + target + " matches no resource");
        }
        for (Resource r : hits) {
            for (Object op : opList) {
                applyOp(where, r, Yaml.asMap(op));
            }
        }
    }

    private static boolean matches(Map<String, Object> target, Resource r) {
        return (target.get("kind") == null || target.get("kind").equals(r.kind()))
                && (target.get("name") == null || target.get("name").equals(r.name()))
                && (target.get("group") == null || target.get("group").equals(r.group()))
                && (target.get("version") == null || r.apiVersion().endsWith("/" + target.get("version"))
                        || r.apiVersion().equals(target.get("version")));
    }

    @SuppressWarnings("unchecked")
    private static void applyOp(String where, Resource r, Map<String, Object> op) {
        String path = String.valueOf(op.get("path"));
        String[] parts = path.substring(1).split("/");
        Object parent = r.doc();
        for (int i = 0; i < parts.length - 1; i++) {
            parent = child(parent, unescape(parts[i]));
            if (parent == null) {
                throw new AssertionError(where + ": patch path " + path + " does not exist in " + Yaml.kindAndName(r.doc()));
            }
        }
        String last = unescape(parts[parts.length - 1]);
        String kind = String.valueOf(op.get("op"));
        if (parent instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            switch (kind) {
                case "replace" -> {
                    if (!map.containsKey(last)) {
                        throw new AssertionError(where + ": replace " + path + ": no such field in "
                                + Yaml.kindAndName(r.doc()) + " (kustomize fails here too)");
                    }
                    map.put(last, op.get("value"));
                }
                case "add" -> map.put(last, op.get("value"));
                case "remove" -> {
                    if (map.remove(last) == null) {
                        throw new AssertionError(where + ": remove " + path + ": no such field");
                    }
                }
                default -> throw new AssertionError(where + ": patch op " + kind + " is not supported");
            }
        } else if (parent instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            int index = "-".equals(last) ? list.size() : Integer.parseInt(last);
            switch (kind) {
                case "replace" -> list.set(index, op.get("value"));
                case "add" -> list.add(index, op.get("value"));
                case "remove" -> list.remove(index);
                default -> throw new AssertionError(where + ": patch op " + kind + " is not supported");
            }
        } else {
            throw new AssertionError(where + ": patch path " + path + " does not end in a map or list");
        }
    }

    private static Object child(Object node, String key) {
        if (node instanceof Map<?, ?> m) {
            return m.get(key);
        }
        if (node instanceof List<?> l && key.matches("\\d+") && Integer.parseInt(key) < l.size()) {
            return l.get(Integer.parseInt(key));
        }
        return null;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static void image(String where, Map<String, Object> image, List<Resource> out, List<String> unmatched) {
        String name = String.valueOf(image.get("name"));
        boolean hit = false;
        for (Resource r : out) {
            for (Map<String, Object> container : containers(r.doc())) {
                String ref = String.valueOf(container.get("image"));
                if (imageName(ref).equals(name)) {
                    String newName = image.get("newName") != null ? String.valueOf(image.get("newName")) : name;
                    String tag = image.get("newTag") != null ? ":" + image.get("newTag") : tagOf(ref);
                    container.put("image", newName + tag);
                    hit = true;
                }
            }
        }
        if (!hit) {
            unmatched.add(where + ": image " + name + " is used by no container");
        }
    }

    static String imageName(String ref) {
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        return colon > slash ? ref.substring(0, colon) : ref;
    }

    private static String tagOf(String ref) {
        String name = imageName(ref);
        return ref.substring(name.length());
    }

    /** Containers and init containers of a Deployment, StatefulSet, Job or CronJob pod template. */
    static List<Map<String, Object>> containers(Map<String, Object> doc) {
        Object spec = podSpec(doc);
        List<Map<String, Object>> result = new ArrayList<>();
        if (spec != null) {
            for (String field : List.of("containers", "initContainers")) {
                for (Object c : Yaml.list(spec, field)) {
                    result.add(Yaml.asMap(c));
                }
            }
        }
        return result;
    }

    static Map<String, Object> podSpec(Map<String, Object> doc) {
        Object spec = switch (String.valueOf(doc.get("kind"))) {
            case "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "Job" -> Yaml.at(doc, "spec.template.spec");
            case "CronJob" -> Yaml.at(doc, "spec.jobTemplate.spec.template.spec");
            default -> null;
        };
        return spec == null ? null : Yaml.asMap(spec);
    }

}
