package io.recoverysync.deploycheck;

import static io.recoverysync.deploycheck.KustomizeCheckTest.assertNoProblems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's Deployment against its code: port, probes, resources, config references, env names. */
class ServiceDeploymentCheckTest {

    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";
    static final Pattern IN_CLUSTER_URL = Pattern.compile("^https?://([a-z0-9-]+):(\\d+)(/.*)?$");

    static List<String> services() {
        return Repo.SERVICES;
    }

    /** The Secret every secretKeyRef must name, and its documented keys (base/secret.example.yaml). */
    static Map<String, Set<String>> documentedSecrets() {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        for (Map<String, Object> doc : Yaml.loadAll(Repo.BASE.resolve("secret.example.yaml"))) {
            Set<String> keys = new TreeSet<>(Yaml.map(doc, "stringData").keySet());
            keys.addAll(Yaml.map(doc, "data").keySet());
            secrets.put(Yaml.str(doc, "metadata.name"), keys);
        }
        return secrets;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void deploymentMatchesTheServiceCode(String service) {
        ServiceConfig config = ServiceConfig.of(service);
        List<String> problems = new ArrayList<>();
        if (config.httpPort == null) {
            problems.add(Repo.rel(config.file) + " sets no quarkus.http.port");
        }
        for (Path dir : List.of(Repo.BASE, Repo.LOCAL_OVERLAY)) {
            Kustomize.Build build = Kustomize.build(dir);
            check(build, Kustomize.build(Repo.BASE), config, problems);
        }
        assertNoProblems(problems);
    }

    private static void check(Kustomize.Build build, Kustomize.Build base, ServiceConfig config, List<String> problems) {
        String where = Repo.rel(build.dir()) + " Deployment " + config.module;
        if (!build.has("Deployment", config.module)) {
            problems.add(where + ": missing");
            return;
        }
        Map<String, Object> deployment = build.get("Deployment", config.module).doc();
        Object replicas = Yaml.at(deployment, "spec.replicas");
        if (build.dir().equals(Repo.BASE) && !(replicas instanceof Integer n && n > 1)) {
            problems.add(where + ": base replicas must be > 1 (every service is safe to scale out), is " + replicas);
        }
        List<Map<String, Object>> containers = Kustomize.containers(deployment);
        if (containers.size() != 1) {
            problems.add(where + ": expected one container, found " + containers.size());
            return;
        }
        Map<String, Object> c = containers.get(0);
        String image = String.valueOf(c.get("image"));
        if (!Kustomize.imageName(image).endsWith("/" + config.module)) {
            problems.add(where + ": image " + image + " is not the " + config.module + " image");
        }

        // port and probes
        Map<Object, Object> ports = new LinkedHashMap<>();
        for (Object p : Yaml.list(c, "ports")) {
            ports.put(Yaml.at(p, "name"), Yaml.at(p, "containerPort"));
        }
        if (!ports.containsValue(config.httpPort)) {
            problems.add(where + ": containerPort " + ports.values() + " is not quarkus.http.port " + config.httpPort);
        }
        probe(where, c, "livenessProbe", LIVE, ports, config.httpPort, true, problems);
        probe(where, c, "readinessProbe", READY, ports, config.httpPort, true, problems);
        probe(where, c, "startupProbe", LIVE, ports, config.httpPort, false, problems);
        Object annotations = Yaml.at(deployment, "spec.template.metadata.annotations");
        if (annotations instanceof Map<?, ?> a && a.get("prometheus.io/port") != null
                && !String.valueOf(a.get("prometheus.io/port")).equals(String.valueOf(config.httpPort))) {
            problems.add(where + ": prometheus.io/port " + a.get("prometheus.io/port") + " is not " + config.httpPort);
        }
        if (build.has("Service", config.module)) {
            for (Object p : Yaml.list(build.get("Service", config.module).doc(), "spec.ports")) {
                if (!Objects.equals(Yaml.at(p, "port"), config.httpPort)) {
                    problems.add(where + ": Service port " + Yaml.at(p, "port") + " is not " + config.httpPort);
                }
            }
        } else {
            problems.add(where + ": no Service " + config.module);
        }

        // resources
        for (String field : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
            if (Yaml.at(c, "resources." + field) == null) {
                problems.add(where + ": resources." + field + " not set");
            }
        }

        // configuration references and the variables they provide
        Map<String, Set<String>> secrets = documentedSecrets();
        Set<String> provided = new TreeSet<>();
        for (Object from : Yaml.list(c, "envFrom")) {
            String prefix = Objects.toString(Yaml.at(from, "prefix"), "");
            if (Yaml.at(from, "configMapRef") != null) {
                String name = Yaml.str(from, "configMapRef.name");
                if (!base.has("ConfigMap", name)) {
                    problems.add(where + ": envFrom ConfigMap " + name + " is not defined in deploy/k8s/base");
                    continue;
                }
                Yaml.map(build.get("ConfigMap", name).doc(), "data").keySet().forEach(k -> provided.add(prefix + k));
            } else if (Yaml.at(from, "secretRef") != null) {
                String name = Yaml.str(from, "secretRef.name");
                if (!secrets.containsKey(name)) {
                    problems.add(where + ": envFrom Secret " + name + " is not documented in base/secret.example.yaml");
                }
                problems.add(where + ": envFrom Secret " + name + " injects every key; use secretKeyRef per variable");
            }
        }
        for (Object e : Yaml.list(c, "env")) {
            String name = Yaml.str(e, "name");
            if (!provided.add(name)) {
                problems.add(where + ": " + name + " is set twice");
            }
            Object cmRef = Yaml.at(e, "valueFrom.configMapKeyRef");
            Object secretRef = Yaml.at(e, "valueFrom.secretKeyRef");
            if (cmRef != null) {
                String cm = Yaml.str(cmRef, "name");
                String key = Yaml.str(cmRef, "key");
                if (!base.has("ConfigMap", cm) || !Yaml.map(base.get("ConfigMap", cm).doc(), "data").containsKey(key)) {
                    problems.add(where + ": " + name + " refers to ConfigMap " + cm + " key " + key
                            + ", which deploy/k8s/base does not define");
                }
            }
            if (secretRef != null) {
                String secret = Yaml.str(secretRef, "name");
                String key = Yaml.str(secretRef, "key");
                if (!secrets.getOrDefault(secret, Set.of()).contains(key)) {
                    problems.add(where + ": " + name + " refers to Secret " + secret + " key " + key
                            + ", which base/secret.example.yaml does not document");
                }
            }
            if (e instanceof Map<?, ?> m && m.containsKey("value") && looksSecret(name)) {
                problems.add(where + ": " + name + " has a literal value; secrets come from secretKeyRef");
            }
        }
        Map<String, String> mounted = volumes(where, deployment, c, base, secrets, problems);

        for (String name : provided) {
            if (!config.reads(name)) {
                problems.add(where + ": sets " + name + ", which " + Repo.rel(config.file) + " never reads");
            }
        }
        for (String name : config.requiredEnv()) {
            if (!provided.contains(name)) {
                problems.add(where + ": does not provide " + name + ", which " + Repo.rel(config.file)
                        + " requires (no default)");
            }
        }
        // every API verifies bearer tokens; the dashboard signs people in instead (its OIDC settings are required env)
        for (String name : config.reads("JWT_PUBLIC_KEY_LOCATION") ? List.of("JWT_PUBLIC_KEY_LOCATION", "JWT_ISSUER",
                "JWT_AUDIENCE") : List.<String>of()) {
            if (!provided.contains(name)) {
                problems.add(where + ": does not provide " + name + " (auth contract: required by every service)");
            }
        }
        // a key location that is a file must be a mounted file
        String keyLocation = value(build, c, "JWT_PUBLIC_KEY_LOCATION");
        if (keyLocation != null && keyLocation.startsWith("/") && !mounted.containsKey(keyLocation)) {
            problems.add(where + ": JWT_PUBLIC_KEY_LOCATION " + keyLocation + " is no file mounted into the container"
                    + " (mounted: " + mounted.keySet() + ")");
        }
        // in-cluster URLs name a Service of this build and its port; one on localhost is what a browser uses through
        // a port-forward (the identity provider's issuer and origin), not a call from the cluster
        for (String name : provided) {
            String url = value(build, c, name);
            Matcher m = url == null ? null : IN_CLUSTER_URL.matcher(url);
            if (m != null && m.matches() && !m.group(1).contains(".") && !"localhost".equals(m.group(1))) {
                String svc = m.group(1);
                if (!build.has("Service", svc)) {
                    problems.add(where + ": " + name + "=" + url + " names Service " + svc + ", which "
                            + Repo.rel(build.dir()) + " does not render");
                } else if (Yaml.list(build.get("Service", svc).doc(), "spec.ports").stream()
                        .noneMatch(p -> String.valueOf(Yaml.at(p, "port")).equals(m.group(2)))) {
                    problems.add(where + ": " + name + "=" + url + ": Service " + svc + " has no port " + m.group(2));
                }
            }
        }
    }

    /** Checks volume sources; returns the files mounted into the container (path -> source). */
    private static Map<String, String> volumes(String where, Map<String, Object> deployment, Map<String, Object> c,
            Kustomize.Build base, Map<String, Set<String>> secrets, List<String> problems) {
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        for (Object v : Yaml.list(deployment, "spec.template.spec.volumes")) {
            volumes.put(Yaml.str(v, "name"), Yaml.asMap(v));
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (Object m : Yaml.list(c, "volumeMounts")) {
            String name = Yaml.str(m, "name");
            Map<String, Object> v = volumes.get(name);
            if (v == null) {
                problems.add(where + ": volumeMount " + name + " has no volume");
                continue;
            }
            String dir = Yaml.str(m, "mountPath");
            if (v.get("secret") != null) {
                String secret = Yaml.str(v, "secret.secretName");
                for (Object item : Yaml.list(v, "secret.items")) {
                    if (!secrets.getOrDefault(secret, Set.of()).contains(Yaml.str(item, "key"))) {
                        problems.add(where + ": volume " + name + " uses Secret " + secret + " key "
                                + Yaml.str(item, "key") + ", which base/secret.example.yaml does not document");
                    }
                    files.put(dir + "/" + Yaml.str(item, "path"), "secret " + secret);
                }
                if (!secrets.containsKey(secret)) {
                    problems.add(where + ": volume " + name + " uses undocumented Secret " + secret);
                }
            } else if (v.get("configMap") != null) {
                String cm = Yaml.str(v, "configMap.name");
                if (!base.has("ConfigMap", cm)) {
                    problems.add(where + ": volume " + name + " uses ConfigMap " + cm + ", not defined in the base");
                }
                for (Object item : Yaml.list(v, "configMap.items")) {
                    files.put(dir + "/" + Yaml.str(item, "path"), "configMap " + cm);
                }
            }
        }
        return files;
    }

    /** The literal value a container gets for a variable (env value or ConfigMap entry), or null. */
    static String value(Kustomize.Build build, Map<String, Object> c, String name) {
        for (Object e : Yaml.list(c, "env")) {
            if (name.equals(Yaml.str(e, "name"))) {
                return Yaml.str(e, "value");
            }
        }
        for (Object from : Yaml.list(c, "envFrom")) {
            String cm = Yaml.str(from, "configMapRef.name");
            if (cm != null && build.has("ConfigMap", cm)) {
                Object v = Yaml.map(build.get("ConfigMap", cm).doc(), "data").get(name);
                if (v != null) {
                    return String.valueOf(v);
                }
            }
        }
        return null;
    }

    static boolean looksSecret(String name) {
        return name.matches(".*(PASSWORD|SECRET|TOKEN|API_KEY).*");
    }

    private static void probe(String where, Map<String, Object> c, String probe, String expectedPath,
            Map<Object, Object> ports, Integer port, boolean required, List<String> problems) {
        Object p = c.get(probe);
        if (p == null) {
            if (required) {
                problems.add(where + ": no " + probe);
            }
            return;
        }
        String path = Yaml.str(p, "httpGet.path");
        Object probePort = Yaml.at(p, "httpGet.port");
        if (!expectedPath.equals(path)) {
            problems.add(where + ": " + probe + " path " + path + ", expected " + expectedPath);
        }
        Object resolved = probePort instanceof String named ? ports.get(named) : probePort;
        if (!Objects.equals(resolved, port)) {
            problems.add(where + ": " + probe + " port " + probePort + " is not quarkus.http.port " + port);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.recoverysync.deploycheck.ServiceDeploymentCheckTest#simulators")
    void simulatorDeploymentMatchesItsMainClass(String simulator) {
        SimulatorSettings settings = SimulatorSettings.of(simulator);
        Kustomize.Build build = Kustomize.build(Repo.LOCAL_OVERLAY);
        List<String> problems = new ArrayList<>();
        String where = "deploy/k8s/overlays/local Deployment " + simulator;
        Map<String, Object> c = Kustomize.containers(build.get("Deployment", simulator).doc()).get(0);
        Set<String> names = new HashSet<>();
        for (Object e : Yaml.list(c, "env")) {
            String name = Yaml.str(e, "name");
            names.add(name);
            if (!settings.settings.containsKey(name)) {
                problems.add(where + ": sets " + name + ", which " + Repo.rel(settings.mainClass) + " never reads"
                        + " (it reads " + settings.settings.keySet() + ")");
            }
            String secret = Yaml.str(e, "valueFrom.secretKeyRef.name");
            if (secret != null && !documentedSecrets().getOrDefault(secret, Set.of())
                    .contains(Yaml.str(e, "valueFrom.secretKeyRef.key"))) {
                problems.add(where + ": " + name + " refers to an undocumented Secret key");
            }
        }
        String portValue = value(build, c, settings.portSetting());
        int port = portValue != null ? Integer.parseInt(portValue) : settings.defaultPort();
        Object containerPort = Yaml.at(Yaml.list(c, "ports").get(0), "containerPort");
        if (!Objects.equals(containerPort, port)) {
            problems.add(where + ": containerPort " + containerPort + " but the simulator listens on " + port);
        }
        if (!"0.0.0.0".equals(value(build, c, settings.portSetting().replace("_PORT", "_HOST")))) {
            problems.add(where + ": must set " + settings.portSetting().replace("_PORT", "_HOST")
                    + "=0.0.0.0 (the simulator binds 127.0.0.1 by default)");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            if (!"/_sim/stats".equals(Yaml.str(c, probe + ".httpGet.path"))) {
                problems.add(where + ": " + probe + " must GET /_sim/stats (unauthenticated, outside any quota)");
            }
        }
        for (String field : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
            if (Yaml.at(c, "resources." + field) == null) {
                problems.add(where + ": resources." + field + " not set");
            }
        }
        assertNoProblems(problems);
    }

    static List<String> simulators() {
        return Repo.SIMULATORS;
    }

    @Test
    void nightlyCronJobCallsTheSchedulersCronEndpoint() {
        Kustomize.Build build = Kustomize.build(Repo.LOCAL_OVERLAY);
        List<String> problems = new ArrayList<>();
        for (Kustomize.Resource job : build.ofKind("CronJob")) {
            Map<String, Object> c = Kustomize.containers(job.doc()).get(0);
            String command = String.join(" ", Yaml.list(c, "command").stream().map(String::valueOf).toList());
            Matcher url = Pattern.compile("https?://([a-z0-9-]+):(\\d+)(/\\S*)").matcher(command);
            if (!url.find()) {
                problems.add(Repo.rel(job.source()) + ": no URL in the command");
                continue;
            }
            if (!url.group(1).equals("sync-scheduler")
                    || !url.group(2).equals(String.valueOf(ServiceConfig.of("sync-scheduler").httpPort))) {
                problems.add(Repo.rel(job.source()) + ": calls " + url.group() + ", not sync-scheduler's port");
            }
            if (!SourceText.of("sync-scheduler").contains(url.group(3))) {
                problems.add(Repo.rel(job.source()) + ": path " + url.group(3) + " is not in sync-scheduler's code");
            }
            if (!command.contains("Bearer ${CRON_SECRET}")
                    || !"cron-secret".equals(Yaml.str(Yaml.list(c, "env").get(0), "valueFrom.secretKeyRef.key"))) {
                problems.add(Repo.rel(job.source()) + ": must send Authorization: Bearer ${CRON_SECRET} from the Secret");
            }
        }
        if (build.ofKind("CronJob").isEmpty()) {
            problems.add("the local overlay renders no nightly CronJob (component nightly-cronjob)");
        }
        assertNoProblems(problems);
    }
}
