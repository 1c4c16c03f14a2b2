package io.recoverysync.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** deploy/k8s: every kustomization resolves, every resource is a known kind, valid against the Kubernetes model. */
class KustomizeCheckTest {

    /** apiVersion per kind this repository may use; anything else is a typo or needs adding here on purpose. */
    static final Map<String, String> KNOWN_KINDS = Map.of(
            "ConfigMap", "v1",
            "Secret", "v1",
            "Service", "v1",
            "Deployment", "apps/v1",
            "CronJob", "batch/v1",
            "KafkaTopic", "kafka.strimzi.io/v1beta2",
            "Kafka", "kafka.strimzi.io/v1beta2",
            "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "Ingress", "networking.k8s.io/v1");

    /** Kinds read strictly through the fabric8 Kubernetes model. */
    static final Map<String, Class<?>> MODEL = Map.of(
            "ConfigMap", ConfigMap.class,
            "Secret", Secret.class,
            "Service", Service.class,
            "Deployment", Deployment.class,
            "CronJob", CronJob.class);

    static List<Path> kustomizationDirs() {
        try (Stream<Path> files = Files.walk(Repo.K8S)) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Directories that build on their own (kind Kustomization, not Component). */
    static List<Path> buildable() {
        return kustomizationDirs().stream()
                .filter(d -> "Kustomization".equals(Kustomize.kustomization(d).get("kind")))
                .toList();
    }

    @Test
    void thereIsABaseAndALocalOverlay() {
        List<Path> dirs = buildable();
        assertTrue(dirs.contains(Repo.BASE), "deploy/k8s/base/kustomization.yaml missing");
        assertTrue(dirs.contains(Repo.LOCAL_OVERLAY), "deploy/k8s/overlays/local/kustomization.yaml missing");
    }

    @Test
    void everyKustomizationResolvesAndEveryTransformationHitsSomething() {
        List<String> problems = new ArrayList<>();
        for (Path dir : buildable()) {
            try {
                Kustomize.Build build = Kustomize.build(dir);
                problems.addAll(build.unmatched());
                if (build.resources().isEmpty()) {
                    problems.add(Repo.rel(dir) + " renders nothing");
                }
            } catch (AssertionError | RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void everyYamlFileUnderDeployK8sIsUsedOrAnExample() {
        Set<Path> used = new HashSet<>();
        for (Path dir : kustomizationDirs()) {
            used.add(dir.resolve("kustomization.yaml"));
            for (Object entry : Yaml.list(Kustomize.kustomization(dir), "resources")) {
                used.add(dir.resolve(String.valueOf(entry)).normalize());
            }
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.K8S)) {
            files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !used.contains(p.normalize()))
                    .filter(p -> !p.getFileName().toString().contains(".example."))
                    .forEach(p -> problems.add(Repo.rel(p) + " is in no kustomization (name it *.example.yaml if"
                            + " it is documentation)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertNoProblems(problems);
    }

    @Test
    void everyResourceIsAKnownKindWithAUniqueName() {
        List<String> problems = new ArrayList<>();
        for (Path dir : buildable()) {
            Map<String, Path> seen = new HashMap<>();
            for (Kustomize.Resource r : Kustomize.build(dir).resources()) {
                String where = Repo.rel(r.source());
                String expectedApi = KNOWN_KINDS.get(r.kind());
                if (expectedApi == null) {
                    problems.add(where + ": unknown kind " + r.kind() + " (known: " + KNOWN_KINDS.keySet() + ")");
                } else if (!expectedApi.equals(r.apiVersion())) {
                    problems.add(where + ": " + r.kind() + " " + r.name() + " has apiVersion " + r.apiVersion()
                            + ", expected " + expectedApi);
                }
                if (r.name() == null || !r.name().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                    problems.add(where + ": " + r.kind() + " name '" + r.name() + "' is not a DNS-1123 label");
                }
                Path previous = seen.put(r.kind() + "/" + r.name(), r.source());
                if (previous != null) {
                    problems.add(Repo.rel(dir) + ": " + r.kind() + " " + r.name() + " defined twice ("
                            + Repo.rel(previous) + ", " + where + ")");
                }
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void coreKindsMatchTheKubernetesApiModel() {
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        List<Kustomize.Resource> all = new ArrayList<>();
        for (Path dir : buildable()) {
            all.addAll(Kustomize.build(dir).resources());
        }
        Path example = Repo.BASE.resolve("secret.example.yaml");
        Yaml.loadAll(example).forEach(doc -> all.add(new Kustomize.Resource(example, doc)));
        for (Kustomize.Resource r : all) {
            Class<?> type = MODEL.get(r.kind());
            if (type == null) {
                continue;
            }
            String what = Repo.rel(r.source()) + " " + r.kind() + "/" + r.name();
            try {
                Object model = json.convertValue(r.doc(), type);
                unknownFields(model, r.kind(), problems, what, new IdentityHashMap<>());
            } catch (IllegalArgumentException e) {
                problems.add(what + ": does not fit the Kubernetes model: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void selectorsMatchPodLabelsAndServicesReachANamedPort() {
        List<String> problems = new ArrayList<>();
        for (Path dir : buildable()) {
            Kustomize.Build build = Kustomize.build(dir);
            for (Kustomize.Resource d : build.ofKind("Deployment")) {
                Map<String, Object> selector = Yaml.map(d.doc(), "spec.selector.matchLabels");
                Map<String, Object> labels = Yaml.map(d.doc(), "spec.template.metadata.labels");
                if (selector.isEmpty() || !labels.entrySet().containsAll(selector.entrySet())) {
                    problems.add(Repo.rel(d.source()) + ": Deployment " + d.name() + " selector " + selector
                            + " does not select its pod labels " + labels);
                }
            }
            for (Kustomize.Resource s : build.ofKind("Service")) {
                Map<String, Object> selector = Yaml.map(s.doc(), "spec.selector");
                List<Kustomize.Resource> backends = build.ofKind("Deployment").stream()
                        .filter(d -> Yaml.map(d.doc(), "spec.template.metadata.labels").entrySet()
                                .containsAll(selector.entrySet()))
                        .toList();
                if (backends.size() != 1) {
                    problems.add(Repo.rel(dir) + ": Service " + s.name() + " selects " + backends.size()
                            + " Deployments, expected exactly 1");
                    continue;
                }
                Set<Object> portNames = new HashSet<>();
                Set<Object> portNumbers = new HashSet<>();
                for (Map<String, Object> c : Kustomize.containers(backends.get(0).doc())) {
                    for (Object p : Yaml.list(c, "ports")) {
                        portNames.add(Yaml.at(p, "name"));
                        portNumbers.add(Yaml.at(p, "containerPort"));
                    }
                }
                for (Object p : Yaml.list(s.doc(), "spec.ports")) {
                    Object target = Yaml.at(p, "targetPort");
                    if (!(portNames.contains(target) || portNumbers.contains(target))) {
                        problems.add(Repo.rel(s.source()) + ": Service " + s.name() + " targetPort " + target
                                + " is not a port of Deployment " + backends.get(0).name());
                    }
                }
            }
        }
        assertNoProblems(problems);
    }

    /** kubectl is optional here: when it is installed, its kustomize must render exactly what the resolver does. */
    @Test
    void kubectlKustomizeRendersTheSameResources() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl not installed: the Java resolver is the only check");
        List<String> problems = new ArrayList<>();
        for (Path dir : buildable()) {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectErrorStream(false)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize timed out");
            if (p.exitValue() != 0) {
                problems.add("kubectl kustomize " + Repo.rel(dir) + " failed: " + err.strip());
                continue;
            }
            Map<String, Object> theirs = new TreeMap<>();
            for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(out)) {
                if (doc != null) {
                    theirs.put(Yaml.kindAndName(Yaml.asMap(doc)), doc);
                }
            }
            Map<String, Object> ours = new TreeMap<>();
            Kustomize.build(dir).resources().forEach(r -> ours.put(Yaml.kindAndName(r.doc()), r.doc()));
            if (!theirs.keySet().equals(ours.keySet())) {
                problems.add(Repo.rel(dir) + ": kubectl renders " + theirs.keySet() + ", the resolver " + ours.keySet());
                continue;
            }
            for (String key : ours.keySet()) {
                if (!Objects.equals(normalize(ours.get(key)), normalize(theirs.get(key)))) {
                    problems.add(Repo.rel(dir) + ": " + key + " differs:\n  resolver: " + ours.get(key)
                            + "\n  kubectl:  " + theirs.get(key));
                }
            }
        }
        assertNoProblems(problems);
    }

    /** Scalars compared as text: kustomize and SnakeYAML may disagree on "1" vs 1 only where YAML allows both. */
    private static Object normalize(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(KustomizeCheckTest::normalize).toList();
        }
        return node == null ? null : String.valueOf(node);
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** Walks a fabric8 model object; every non-empty additionalProperties is a field the schema does not have. */
    private static void unknownFields(Object node, String path, List<String> problems, String what,
            Map<Object, Boolean> visited) {
        if (node == null || visited.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", problems, what, visited);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, problems, what, visited));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(what + ": unknown field(s) " + extra.keySet() + " at " + path);
                    }
                } else {
                    String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                    unknownFields(value, path + "." + field, problems, what, visited);
                }
            } catch (ReflectiveOperationException e) {
                fail("cannot read " + getter + ": " + e);
            }
        }
    }

    static void assertNoProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s):\n - " + String.join("\n - ", problems));
        }
    }
}
