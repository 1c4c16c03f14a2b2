package io.recoverysync.deploycheck;

import static io.recoverysync.deploycheck.KustomizeCheckTest.assertNoProblems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** docker-compose.yml: healthchecks, depends_on conditions, ports, images and env names against each module. */
class DockerComposeCheckTest {

    /** ${VAR}, ${VAR:-default}, ${VAR:?message}: compose interpolation, resolved to its default for the checks. */
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[-?]([^}]*))?}");
    private static final Pattern URL = Pattern.compile("^https?://([a-z0-9-]+):(\\d+)(/.*)?$");

    static Map<String, Object> compose() {
        return Yaml.loadOne(Repo.COMPOSE);
    }

    static Map<String, Object> services() {
        return Yaml.map(compose(), "services");
    }

    /** One-shot containers (restart "no") that others wait for with service_completed_successfully. */
    static boolean oneShot(Object service) {
        return "no".equals(Yaml.str(service, "restart"));
    }

    @Test
    void everyServiceIsHealthCheckedAndWaitedForWhenHealthy() {
        Map<String, Object> services = services();
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            if (!oneShot(service) && Yaml.at(service, "healthcheck.test") == null) {
                problems.add("service " + name + " has no healthcheck");
            }
            Object dependsOn = Yaml.at(service, "depends_on");
            if (dependsOn instanceof List<?>) {
                problems.add("service " + name + ": depends_on must be the long form with a condition");
                return;
            }
            Yaml.map(service, "depends_on").forEach((dep, spec) -> {
                String condition = Yaml.str(spec, "condition");
                Object target = services.get(dep);
                if (target == null) {
                    problems.add("service " + name + " depends on unknown service " + dep);
                } else if (oneShot(target)) {
                    if (!"service_completed_successfully".equals(condition)) {
                        problems.add("service " + name + " must wait for one-shot " + dep
                                + " with condition service_completed_successfully, has " + condition);
                    }
                } else if (!"service_healthy".equals(condition)) {
                    problems.add("service " + name + " depends on " + dep + " with condition " + condition
                            + ", expected service_healthy");
                }
            });
        });
        for (String expected : List.of("postgres", "kafka")) {
            if (!services.containsKey(expected)) {
                problems.add("no " + expected + " service");
            }
        }
        if (!String.valueOf(Yaml.at(services.get("kafka"), "environment.KAFKA_PROCESS_ROLES")).contains("controller")) {
            problems.add("kafka must run in KRaft mode (KAFKA_PROCESS_ROLES with controller)");
        }
        assertNoProblems(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.recoverysync.deploycheck.ServiceDeploymentCheckTest#services")
    void serviceMatchesItsModule(String module) {
        ServiceConfig config = ServiceConfig.of(module);
        Map<String, Object> services = services();
        List<String> problems = new ArrayList<>();
        Object service = services.get(module);
        if (service == null) {
            assertNoProblems(List.of("docker-compose.yml has no service " + module));
        }
        Map<String, Object> env = Yaml.map(service, "environment");
        build(module, service, problems);
        Object port = env.get("QUARKUS_HTTP_PORT");
        if (port == null || !String.valueOf(port).equals(String.valueOf(config.httpPort))) {
            problems.add(module + ": QUARKUS_HTTP_PORT " + port + " is not quarkus.http.port " + config.httpPort
                    + " (the healthcheck reads it)");
        }
        ports(module, service, config.httpPort, problems);
        String health = String.valueOf(Yaml.at(service, "healthcheck.test"));
        if (!health.contains(ServiceDeploymentCheckTest.READY)) {
            problems.add(module + ": healthcheck must call " + ServiceDeploymentCheckTest.READY + ", is " + health);
        }
        for (String name : env.keySet()) {
            if (!config.reads(name)) {
                problems.add(module + ": sets " + name + ", which " + Repo.rel(config.file) + " never reads");
            }
            if (ServiceDeploymentCheckTest.looksSecret(name)) {
                String value = String.valueOf(env.get(name));
                if (!value.startsWith("${")) {
                    problems.add(module + ": " + name + " is a literal; take it from the environment (${" + name + "...})");
                }
            }
        }
        for (String name : config.requiredEnv()) {
            if (!env.containsKey(name)) {
                problems.add(module + ": does not set " + name + ", which " + Repo.rel(config.file) + " requires");
            }
        }
        // every API verifies bearer tokens; the dashboard signs people in instead (its OIDC settings are required env)
        for (String name : config.reads("JWT_PUBLIC_KEY_LOCATION") ? List.of("JWT_PUBLIC_KEY_LOCATION", "JWT_ISSUER",
                "JWT_AUDIENCE") : List.<String>of()) {
            if (!env.containsKey(name)) {
                problems.add(module + ": does not set " + name + " (auth contract: required by every service)");
            }
        }
        String keyLocation = Objects.toString(env.get("JWT_PUBLIC_KEY_LOCATION"), "");
        if (keyLocation.startsWith("/")) {
            boolean mounted = false;
            for (Object volume : Yaml.list(service, "volumes")) {
                String[] parts = resolve(String.valueOf(volume)).split(":");
                if (parts.length >= 2 && parts[1].equals(keyLocation)) {
                    mounted = true;
                    Path source = Repo.ROOT.resolve(parts[0]).normalize();
                    if (!Files.isRegularFile(source)) {
                        problems.add(module + ": the JWT public key " + parts[0] + " mounted at " + keyLocation
                                + " does not exist");
                    }
                }
            }
            if (!mounted) {
                problems.add(module + ": JWT_PUBLIC_KEY_LOCATION " + keyLocation + " is not a mounted file");
            }
        }
        urls(module, env, services, problems);
        List<String> deps = new ArrayList<>(Yaml.map(service, "depends_on").keySet());
        // what the service connects to: a database (any service reading a datasource URL) and the broker
        List<String> infrastructure = config.reads("DB_REACTIVE_URL") ? List.of("postgres", "kafka") : List.of("kafka");
        for (String infra : infrastructure) {
            if (!deps.contains(infra)) {
                problems.add(module + ": must depend on " + infra);
            }
        }
        assertNoProblems(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.recoverysync.deploycheck.ServiceDeploymentCheckTest#simulators")
    void simulatorMatchesItsMainClass(String module) {
        SimulatorSettings settings = SimulatorSettings.of(module);
        Object service = services().get(module);
        List<String> problems = new ArrayList<>();
        if (service == null) {
            assertNoProblems(List.of("docker-compose.yml has no service " + module));
        }
        Map<String, Object> env = Yaml.map(service, "environment");
        for (String name : env.keySet()) {
            if (!settings.settings.containsKey(name)) {
                problems.add(module + ": sets " + name + ", which " + Repo.rel(settings.mainClass) + " never reads");
            }
        }
        Object port = env.get(settings.portSetting());
        int listens = port == null ? settings.defaultPort() : Integer.parseInt(String.valueOf(port));
        ports(module, service, listens, problems);
        if (!"0.0.0.0".equals(env.get(settings.portSetting().replace("_PORT", "_HOST")))) {
            problems.add(module + ": must set " + settings.portSetting().replace("_PORT", "_HOST") + ": 0.0.0.0");
        }
        if (!String.valueOf(Yaml.at(service, "healthcheck.test")).contains(":" + listens + "/_sim/stats")) {
            problems.add(module + ": healthcheck must GET /_sim/stats on port " + listens);
        }
        build(module, service, problems);
        assertNoProblems(problems);
    }

    @Test
    void everyRunnableModuleIsAServiceAndEveryServiceIsBuiltOrPulled() {
        Map<String, Object> services = services();
        List<String> problems = new ArrayList<>();
        Set<String> modules = new TreeSet<>(Repo.SERVICES);
        modules.addAll(Repo.SIMULATORS);
        for (String module : modules) {
            if (!services.containsKey(module)) {
                problems.add("docker-compose.yml has no service " + module);
            }
        }
        services.forEach((name, service) -> {
            if (Yaml.at(service, "build") == null && Yaml.at(service, "image") == null) {
                problems.add("service " + name + " has neither build nor image");
            }
        });
        assertNoProblems(problems);
    }

    private static void build(String module, Object service, List<String> problems) {
        String context = Yaml.str(service, "build.context");
        String dockerfile = Yaml.str(service, "build.dockerfile");
        if (context == null || !Repo.ROOT.resolve(context).normalize().equals(Repo.module(module))) {
            problems.add(module + ": build.context must be ./" + module + ", is " + context);
        } else if (dockerfile == null || !Files.isRegularFile(Repo.module(module).resolve(dockerfile))) {
            problems.add(module + ": build.dockerfile " + dockerfile + " does not exist in " + module);
        }
    }

    private static void ports(String module, Object service, int port, List<String> problems) {
        List<Object> ports = Yaml.list(service, "ports");
        if (ports.stream().noneMatch(p -> String.valueOf(p).endsWith(":" + port))) {
            problems.add(module + ": ports " + ports + " publish no container port " + port);
        }
        for (Object p : ports) {
            if (!String.valueOf(p).startsWith("127.0.0.1:")) {
                problems.add(module + ": port " + p + " must be bound to 127.0.0.1");
            }
        }
    }

    /**
     * An http URL naming another compose service must name it and the port it listens on; one on localhost is what
     * a browser on the host uses (the identity provider's issuer and origin), not a service-to-service call.
     */
    private static void urls(String module, Map<String, Object> env, Map<String, Object> services, List<String> problems) {
        env.forEach((name, value) -> {
            Matcher m = URL.matcher(resolve(String.valueOf(value)));
            if (!m.matches()) {
                return;
            }
            if ("localhost".equals(m.group(1))) {
                return;
            }
            Object target = services.get(m.group(1));
            if (target == null) {
                problems.add(module + ": " + name + "=" + value + " names no compose service");
                return;
            }
            Map<String, Object> targetEnv = Yaml.map(target, "environment");
            Object targetPort = targetEnv.getOrDefault("QUARKUS_HTTP_PORT", targetEnv.get("KC_HTTP_PORT"));
            if (targetPort == null) {
                targetPort = targetEnv.entrySet().stream().filter(e -> e.getKey().endsWith("_SIM_PORT"))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            }
            if (!m.group(2).equals(String.valueOf(targetPort))) {
                problems.add(module + ": " + name + "=" + value + " but " + m.group(1) + " listens on " + targetPort);
            }
        });
    }

    /** Compose interpolation with defaults applied: "${X:-a}" -> "a". */
    static String resolve(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
