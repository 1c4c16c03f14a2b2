package io.recoverysync.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Keycloak 26 (the {@code keycloak-quarkus-dist} that the build unpacks into {@code local-stack/target/keycloak})
 * as its own process in development mode on 127.0.0.1, with the repository's realm ({@code deploy/keycloak}) imported
 * anew at every start: the dashboard client, the operator client, and demo users of each role in two organizations.
 * Keycloak needs Java 21 or newer; the JDK is found among the installed ones ({@code KEYCLOAK_JAVA_HOME} first).
 */
public final class Keycloak implements AutoCloseable {
    public static final String REALM = "recoverysync";
    /** The realm file, relative to the repository root. */
    public static final String REALM_FILE = "deploy/keycloak/recoverysync-realm.json";
    public static final String DASHBOARD_CLIENT = "dashboard";
    public static final String OPERATOR_CLIENT = "sync-operator";
    /** The demo realm's public client for tokens by a demo user's password (curl in the local demo). */
    public static final String DEMO_CLI_CLIENT = "demo-cli";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final Process process;
    private final Path log;
    private final String operatorSecret;
    private String operatorToken;
    private Instant operatorTokenExpires = Instant.EPOCH;

    private Keycloak(int port, Process process, Path log, String operatorSecret) {
        this.port = port;
        this.process = process;
        this.log = log;
        this.operatorSecret = operatorSecret;
    }

    /**
     * Starts Keycloak on {@code port} with the realm's placeholders filled from {@code realmEnv} (DASHBOARD_URL,
     * DASHBOARD_CLIENT_SECRET, OPERATOR_CLIENT_SECRET, DEMO_USER_PASSWORD) and waits until the realm answers.
     */
    public static Keycloak start(Path root, int port, Map<String, String> realmEnv, Path logDir, Duration timeout) {
        Path home = home(root);
        Path javaHome = javaHome();
        try {
            // development mode keeps its data in data/h2: dropped, so the realm is imported with this start's values
            deleteRecursively(home.resolve("data/h2"));
            Path imports = home.resolve("data/import");
            deleteRecursively(imports);
            Files.createDirectories(imports);
            Files.copy(root.resolve(REALM_FILE), imports.resolve(REALM + "-realm.json"));
            Files.createDirectories(logDir);
            Path log = logDir.resolve("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--import-realm",
                    "--health-enabled=false", "--metrics-enabled=false")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("JAVA_HOME", javaHome.toString());
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", realmEnv.get("DEMO_USER_PASSWORD"));
            env.putAll(realmEnv);
            Keycloak keycloak = new Keycloak(port, builder.start(), log, realmEnv.get("OPERATOR_CLIENT_SECRET"));
            keycloak.awaitReady(timeout);
            return keycloak;
        } catch (IOException e) {
            throw new IllegalStateException("could not start Keycloak from " + home, e);
        }
    }

    /** The unpacked distribution: {@code KEYCLOAK_HOME}, else the one the build unpacked under local-stack/target. */
    static Path home(Path root) {
        String configured = System.getenv("KEYCLOAK_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path unpacked = root.resolve("local-stack/target/keycloak");
        try (Stream<Path> dirs = Files.isDirectory(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/kc.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Keycloak is not unpacked under " + unpacked
                            + ": build first with 'mvn -DskipTests package' (it unpacks org.keycloak:keycloak-quarkus-dist)"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A JDK of version 21 or newer for Keycloak: {@code KEYCLOAK_JAVA_HOME}, else this JVM's, else the newest under
     * {@code /usr/lib/jvm}; fails with what to install where there is none.
     */
    static Path javaHome() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        try (Stream<Path> installed = Files.isDirectory(Path.of("/usr/lib/jvm")) ? Files.list(Path.of("/usr/lib/jvm")) : Stream.empty()) {
            installed.filter(p -> !Files.isSymbolicLink(p)).sorted(Comparator.reverseOrder()).forEach(candidates::add);
        } catch (IOException e) {
            // none listed
        }
        for (Path home : candidates) {
            if (majorVersion(home) >= 21) {
                return home;
            }
        }
        throw new IllegalStateException("Keycloak 26 needs Java 21 or newer, and none was found (looked at "
                + candidates + "): install one (e.g. apt-get install openjdk-21-jdk-headless, or a Temurin 21/25) "
                + "or point KEYCLOAK_JAVA_HOME at it");
    }

    /** The major version of the JDK at {@code home} ({@code bin/java -version}), or -1. */
    static int majorVersion(Path home) {
        Path launcher = home.resolve("bin/java");
        if (!Files.isExecutable(launcher)) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder(launcher.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("version \"(\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(3)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail());
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
            ServiceProcess.sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak not ready after " + timeout + ":\n" + tail());
    }

    /** The realm's issuer, as Keycloak writes it into the tokens ({@code iss}). */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    /** The realm's signing keys (JWKS), which the services verify tokens with. */
    public String jwksUrl() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public int port() {
        return port;
    }

    /** An access token of the operator client (role ops), by the client-credentials grant; reused while it is fresh. */
    public synchronized String operatorToken() {
        if (operatorToken == null || Instant.now().isAfter(operatorTokenExpires)) {
            JsonNode body = token("grant_type=client_credentials&client_id=" + OPERATOR_CLIENT + "&client_secret="
                    + URLEncoder.encode(operatorSecret, StandardCharsets.UTF_8));
            operatorToken = body.get("access_token").asText();
            operatorTokenExpires = Instant.now().plusSeconds(Math.max(10, body.get("expires_in").asLong() - 30));
        }
        return operatorToken;
    }

    /** An access token of a demo user, by the demo client's password grant (for trying the API with curl). */
    public String userToken(String username, String password) {
        return token("grant_type=password&client_id=" + DEMO_CLI_CLIENT + "&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8)).get("access_token").asText();
    }

    private JsonNode token(String form) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Keycloak's token endpoint answered " + answer.statusCode());
            }
            return ContractJson.mapper().readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's token endpoint could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of Keycloak's log, for failure messages. */
    public String tail() {
        return ServiceProcess.tailOf(log);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
