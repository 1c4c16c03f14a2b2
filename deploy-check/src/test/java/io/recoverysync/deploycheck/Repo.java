package io.recoverysync.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The repository checkout the checks read: its root, the runnable modules and their files. */
final class Repo {

    /**
     * The Quarkus services and the dashboard, each with a Deployment in deploy/k8s/base and a service in
     * docker-compose.yml.
     */
    static final List<String> SERVICES =
            List.of("sync-scheduler", "appointment-sync-service", "ehr-sync-service", "sync-log-service", "dashboard");
    /** Plain-Java simulators (a main class reading its settings from the environment). */
    static final List<String> SIMULATORS = List.of("intakeq-simulator", "ehrbase-simulator");

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Path BASE = K8S.resolve("base");
    static final Path LOCAL_OVERLAY = K8S.resolve("overlays/local");
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");

    private Repo() {
    }

    static Path module(String name) {
        return ROOT.resolve(name);
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT.relativize(path), e);
        }
    }

    static String rel(Path path) {
        return ROOT.relativize(path.toAbsolutePath().normalize()).toString();
    }

    private static Path findRoot() {
        String configured = System.getProperty("deploy-check.root");
        Path start = configured != null && !configured.isBlank()
                ? Paths.get(configured) : Paths.get(System.getProperty("user.dir"));
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/k8s")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (with deploy/k8s and pom.xml) above " + start);
    }
}
