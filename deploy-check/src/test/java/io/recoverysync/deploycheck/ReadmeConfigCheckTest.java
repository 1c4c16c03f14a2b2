package io.recoverysync.deploycheck;

import static io.recoverysync.deploycheck.KustomizeCheckTest.assertNoProblems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each module README's "Configuration" section names the port, the topics and every variable the module reads. */
class ReadmeConfigCheckTest {

    /** The text of the README's "## Configuration" section (up to the next "## " heading). */
    static String configurationSection(Path readme) {
        String text = Repo.read(readme);
        int start = text.indexOf("\n## Configuration");
        if (start < 0) {
            throw new AssertionError(Repo.rel(readme) + " has no \"## Configuration\" section");
        }
        int end = text.indexOf("\n## ", start + 1);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.recoverysync.deploycheck.ServiceDeploymentCheckTest#services")
    void serviceReadmeDocumentsItsConfiguration(String module) {
        ServiceConfig config = ServiceConfig.of(module);
        Path readme = Repo.module(module).resolve("README.md");
        String section = configurationSection(readme);
        List<String> problems = new ArrayList<>();
        if (!section.contains(String.valueOf(config.httpPort))) {
            problems.add("port " + config.httpPort);
        }
        for (String env : config.documentedEnv()) {
            if (!section.contains("`" + env + "`")) {
                problems.add("variable `" + env + "`");
            }
        }
        for (String topic : config.topicsIn) {
            if (!section.contains("`" + topic + "`")) {
                problems.add("consumed topic `" + topic + "`");
            }
        }
        for (String topic : config.topicsOut) {
            if (!section.contains("`" + topic + "`")) {
                problems.add("produced topic `" + topic + "`");
            }
        }
        assertNoProblems(problems.stream()
                .map(p -> Repo.rel(readme) + " \"Configuration\" does not mention " + p
                        + " (from " + Repo.rel(config.file) + ")")
                .toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.recoverysync.deploycheck.ServiceDeploymentCheckTest#simulators")
    void simulatorReadmeDocumentsItsSettings(String module) {
        SimulatorSettings settings = SimulatorSettings.of(module);
        String readme = Repo.read(Repo.module(module).resolve("README.md"));
        List<String> problems = new ArrayList<>();
        for (String name : settings.settings.keySet()) {
            if (!readme.contains("`" + name + "`")) {
                problems.add(module + "/README.md does not mention `" + name + "` (read by "
                        + Repo.rel(settings.mainClass) + ")");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void deployReadmeDocumentsEverySecretKeyConfigMapAndTopic() {
        String readme = Repo.read(Repo.ROOT.resolve("deploy/README.md"));
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, Set<String>> secret : ServiceDeploymentCheckTest.documentedSecrets().entrySet()) {
            names.add(secret.getKey());
            names.addAll(secret.getValue());
        }
        for (Kustomize.Resource cm : Kustomize.build(Repo.BASE).ofKind("ConfigMap")) {
            names.add(cm.name());
            names.addAll(Yaml.map(cm.doc(), "data").keySet());
        }
        names.addAll(KafkaTopicsCheckTest.contractTopics());
        for (String name : names) {
            if (!readme.contains("`" + name + "`")) {
                problems.add("deploy/README.md does not mention `" + name + "`");
            }
        }
        assertNoProblems(problems);
    }
}
