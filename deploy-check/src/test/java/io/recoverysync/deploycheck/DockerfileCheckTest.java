package io.recoverysync.deploycheck;

import static io.recoverysync.deploycheck.KustomizeCheckTest.assertNoProblems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each runnable module's src/main/docker/Dockerfile.jvm copies what its Maven build packages and exposes its port. */
class DockerfileCheckTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.recoverysync.deploycheck.ServiceDeploymentCheckTest#services")
    void quarkusServiceImageUsesTheFastJarLayout(String module) {
        Path dockerfile = Repo.module(module).resolve("src/main/docker/Dockerfile.jvm");
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(dockerfile)) {
            assertNoProblems(List.of(Repo.rel(dockerfile) + " missing"));
        }
        String text = Repo.read(dockerfile);
        for (String copy : List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/")) {
            if (!text.contains("COPY --chown=185:185 " + copy)) {
                problems.add(Repo.rel(dockerfile) + ": does not COPY " + copy);
            }
        }
        if (!text.contains("/deployments/quarkus-run.jar")) {
            problems.add(Repo.rel(dockerfile) + ": does not run /deployments/quarkus-run.jar");
        }
        if (!Repo.read(Repo.module(module).resolve("pom.xml")).contains("<artifactId>quarkus-maven-plugin</artifactId>")) {
            problems.add(module + "/pom.xml does not build with quarkus-maven-plugin (no target/quarkus-app)");
        }
        common(dockerfile, text, ServiceConfig.of(module).httpPort, problems);
        assertNoProblems(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.recoverysync.deploycheck.ServiceDeploymentCheckTest#simulators")
    void simulatorImageRunsThePackagedJarWithItsLibs(String module) {
        Path dockerfile = Repo.module(module).resolve("src/main/docker/Dockerfile.jvm");
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(dockerfile)) {
            assertNoProblems(List.of(Repo.rel(dockerfile) + " missing"));
        }
        String text = Repo.read(dockerfile);
        String pom = Repo.read(Repo.module(module).resolve("pom.xml"));
        String version = Repo.read(Repo.ROOT.resolve("pom.xml"))
                .replaceFirst("(?s).*?<artifactId>sync-backbone</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        String jar = "target/" + module + "-" + version + ".jar";
        if (!text.contains("ARG JAR_FILE=" + jar)) {
            problems.add(Repo.rel(dockerfile) + ": JAR_FILE must default to " + jar + " (what mvn package writes)");
        }
        if (!text.contains("COPY --chown=185:185 target/lib/ /deployments/lib/")) {
            problems.add(Repo.rel(dockerfile) + ": must COPY target/lib/ (the jar's manifest class path)");
        }
        if (!pom.contains("<classpathPrefix>lib/</classpathPrefix>") || !pom.contains("<goal>copy-dependencies</goal>")
                || !pom.contains("<mainClass>")) {
            problems.add(module + "/pom.xml must set mainClass, classpathPrefix lib/ and copy-dependencies to target/lib");
        }
        SimulatorSettings settings = SimulatorSettings.of(module);
        Matcher mainClass = Pattern.compile("<mainClass>([^<]+)</mainClass>").matcher(pom);
        if (mainClass.find() && !settings.mainClass.toString().replace('/', '.').endsWith(mainClass.group(1) + ".java")) {
            problems.add(module + "/pom.xml mainClass " + mainClass.group(1) + " is not " + Repo.rel(settings.mainClass));
        }
        if (!text.contains(settings.portSetting().replace("_PORT", "_HOST") + "=0.0.0.0")) {
            problems.add(Repo.rel(dockerfile) + ": must set " + settings.portSetting().replace("_PORT", "_HOST") + "=0.0.0.0");
        }
        common(dockerfile, text, settings.defaultPort(), problems);
        assertNoProblems(problems);
    }

    private static void common(Path dockerfile, String text, Integer port, List<String> problems) {
        if (!text.contains("\nEXPOSE " + port + "\n")) {
            problems.add(Repo.rel(dockerfile) + ": must EXPOSE " + port);
        }
        if (!text.contains("\nUSER 185\n")) {
            problems.add(Repo.rel(dockerfile) + ": must run as USER 185 (numeric, for runAsNonRoot)");
        }
        if (!text.contains("exec java")) {
            problems.add(Repo.rel(dockerfile) + ": java must be PID 1 (exec) to receive SIGTERM");
        }
    }
}
