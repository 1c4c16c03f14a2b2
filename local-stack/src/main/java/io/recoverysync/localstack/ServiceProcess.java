package io.recoverysync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Quarkus service running as a child JVM, with its log in a file. */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code root/module/target/quarkus-app/quarkus-run.jar} on {@code port} with {@code env}, logging to {@code name}.log. */
    public static ServiceProcess start(Path root, String module, int port, Map<String, String> env, Path logDir,
            String name) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with 'mvn -DskipTests package'");
        }
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                    "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new ServiceProcess(name, port, builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + module, e);
        }
    }

    /** Blocks until {@code /q/health/ready} answers 200, or fails with the tail of the service's log. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/q/health/ready"))).timeout(Duration.ofSeconds(3)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** The operating-system process id of the service's JVM. */
    public long pid() {
        return process.pid();
    }

    /** Resident set size now, in KiB ({@code VmRSS} of {@code /proc/<pid>/status}); -1 when not readable (not Linux, exited). */
    public long rssKib() {
        return procStatusKib(process.pid(), "VmRSS");
    }

    /** Highest resident set size since the process started, in KiB ({@code VmHWM}); -1 when not readable. */
    public long peakRssKib() {
        return procStatusKib(process.pid(), "VmHWM");
    }

    /** A {@code kB} field of {@code /proc/<pid>/status} (Linux), or -1. */
    public static long procStatusKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process has gone
        }
        return -1;
    }

    /** The last lines of the service's log, for failure messages. */
    public String tail() {
        return tailOf(log);
    }

    /** The last 40 lines of a log file, for failure messages. */
    static String tailOf(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: Quarkus shuts down gracefully, closing its Kafka consumers first
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** kill -9: the process ends at once, with no shutdown of any kind (a crash). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
