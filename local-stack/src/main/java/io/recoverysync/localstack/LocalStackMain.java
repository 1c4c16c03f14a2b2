package io.recoverysync.localstack;

import io.recoverysync.simulator.intakeq.DemoData;
import io.recoverysync.simulator.intakeq.SimClient;
import io.recoverysync.simulator.intakeq.SimPractitioner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * {@code run-local.sh}: starts the stack on fixed ports with demo data, triggers the nightly run through the cron
 * endpoint, prints the resulting sync_logs rows and keeps running until Ctrl-C ({@code --once} exits instead).
 */
public final class LocalStackMain {
    static final UUID SUMMIT = UUID.fromString("0a000000-0000-4000-8000-000000000001");
    static final UUID RIVERBEND = UUID.fromString("0a000000-0000-4000-8000-000000000002");

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean once = List.of(args).contains("--once");
        Path root = repositoryRoot();
        System.out.println("Starting PostgreSQL check, Kafka broker, IntakeQ and EHRbase simulators and four services (logs in "
                + root.resolve(".local-stack/logs") + ") ...");
        LocalStack stack = LocalStack.start(LocalStack.Options.demo(root));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping everything ...");
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));

        StackClient client = new StackClient(stack);
        seedDemo(stack, client);
        printEndpoints(stack);

        StackClient.Answer cron = client.cron();
        System.out.println("\nPOST /api/cron/sync-practiceq-appointments -> " + cron.status() + " " + cron.body());
        List<UUID> runs = new ArrayList<>();
        cron.body().path("runs").forEach(r -> runs.add(UUID.fromString(r.get("syncLogId").asText())));
        System.out.println("Waiting for the runs to finish (IntakeQ base plan pacing: 10 requests/minute) ...");
        for (UUID run : runs) {
            client.awaitFinished(run, Duration.ofMinutes(5));
        }
        printSyncLogs(stack);
        if (once) {
            System.exit(0);
        }
        System.out.println("\nRunning. Ctrl-C stops everything this command started.");
        stopped.await();
    }

    /** Demo roster matching the simulator's demo clients: two recovery centers, alternating patients. */
    static void seedDemo(LocalStack stack, StackClient client) {
        DemoData.seed(stack.intakeq());
        client.organization(SUMMIT, "Summit Recovery Center");
        client.organization(RIVERBEND, "Riverbend Recovery");
        int i = 0;
        for (SimClient c : stack.intakeq().clients()) {
            UUID patientId = UUID.nameUUIDFromBytes(("demo-patient-" + c.clientId()).getBytes(StandardCharsets.UTF_8));
            String[] names = c.name().split(" ", 2);
            client.patient(patientId, i++ % 2 == 0 ? SUMMIT : RIVERBEND, names[0], names.length > 1 ? names[1] : "",
                    c.email(), c.clientId());
        }
        for (SimPractitioner p : stack.intakeq().practitioners()) {
            client.mapPractitioner(p.id(), UUID.nameUUIDFromBytes(("demo-provider-" + p.id()).getBytes(StandardCharsets.UTF_8)),
                    p.name());
        }
    }

    private static void printEndpoints(LocalStack stack) {
        System.out.println("\nUp (every process on 127.0.0.1 only):");
        for (String name : List.of(LocalStack.SCHEDULER, LocalStack.APPOINTMENTS, LocalStack.EHR, LocalStack.SYNC_LOG)) {
            System.out.printf("  %-26s %s%n", name, stack.service(name).url(""));
        }
        System.out.printf("  %-26s %s%n", "IntakeQ simulator", stack.intakeq().baseUrl());
        System.out.printf("  %-26s %s%n", "PostgreSQL", stack.jdbcUrl());
        System.out.printf("  %-26s %s%n", "EHRbase simulator", stack.ehrbase().baseUrl());
        System.out.printf("  %-26s %s%n", "Kafka bootstrap", stack.bootstrapServers());
        System.out.printf("  %-26s Summit %s, Riverbend %s%n", "organizations", SUMMIT, RIVERBEND);
        if (stack.keycloak() != null) {
            System.out.printf("  %-26s %s (admin console: admin / %s)%n", "Keycloak", stack.keycloak().issuer(),
                    LocalStack.DEMO_USER_PASSWORD);
            System.out.printf("%n  Dashboard: %s%n", stack.service(LocalStack.DASHBOARD).url("/"));
            System.out.printf("  Sign in with password '%s' as casey (case manager, Summit), riley (case manager,%n"
                    + "  Riverbend), dana (organization admin, Summit), clara (clinician, Summit) or olly (ops).%n",
                    LocalStack.DEMO_USER_PASSWORD);
        }
        printTokens(stack);
    }

    /**
     * Bearer tokens for trying the API by hand, written to {@code .local-stack/tokens.env} for {@code source}: from
     * Keycloak where the stack runs it (the demo users' tokens by the demo client, 12 hours; the operator client's,
     * 1 hour), else signed with the key pair this stack made at start (12 hours, trusted by these services only).
     */
    private static void printTokens(LocalStack stack) {
        Duration life = Duration.ofHours(12);
        Map<String, String> tokens = new LinkedHashMap<>();
        Keycloak keycloak = stack.keycloak();
        if (keycloak != null) {
            tokens.put("SUMMIT_PARTNER_TOKEN", keycloak.userToken("casey", LocalStack.DEMO_USER_PASSWORD));
            tokens.put("RIVERBEND_PARTNER_TOKEN", keycloak.userToken("riley", LocalStack.DEMO_USER_PASSWORD));
            tokens.put("SUMMIT_CLINICIAN_TOKEN", keycloak.userToken("clara", LocalStack.DEMO_USER_PASSWORD));
            tokens.put("OPS_TOKEN", keycloak.userToken("olly", LocalStack.DEMO_USER_PASSWORD));
        } else {
            tokens.put("SUMMIT_PARTNER_TOKEN", stack.tokens().token(SUMMIT, Set.of("partner"), life));
            tokens.put("RIVERBEND_PARTNER_TOKEN", stack.tokens().token(RIVERBEND, Set.of("partner"), life));
            tokens.put("SUMMIT_CLINICIAN_TOKEN", stack.tokens().token(SUMMIT, Set.of("clinician"), life));
            tokens.put("OPS_TOKEN", stack.tokens().token(null, Set.of("ops"), life));
        }
        StringBuilder env = new StringBuilder("export KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers() + "\n");
        tokens.forEach((name, token) -> env.append("export ").append(name).append('=').append(token).append('\n'));
        Path file = stack.options().workDir().resolve("tokens.env");
        try {
            Files.writeString(file, env);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        System.out.println("\nBearer tokens (12 h, this stack only): source " + file);
        System.out.println("  e.g. curl -H \"Authorization: Bearer $SUMMIT_PARTNER_TOKEN\" " + stack.service(LocalStack.SYNC_LOG).url("/api/sync-logs/recent"));
    }

    static void printSyncLogs(LocalStack stack) throws Exception {
        try (Connection c = stack.database(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT id, sync_type, status, patients_expected AS expected, patients_processed AS processed,
                            patients_failed AS failed, appointments_new AS new, appointments_updated AS updated,
                            appointments_unchanged AS unchanged, appointments_errors AS errors, duration_ms
                     FROM synclog.sync_logs ORDER BY started_at DESC LIMIT 10""")) {
            System.out.println("\nsync_logs (newest first):");
            ResultSetMetaData meta = rs.getMetaData();
            StringBuilder header = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                header.append(String.format(i == 1 ? "%-38s" : "%-16s", meta.getColumnLabel(i)));
            }
            System.out.println(header);
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(String.format(i == 1 ? "%-38s" : "%-16s", rs.getString(i)));
                }
                System.out.println(row);
            }
        }
    }

    /** The repository root: {@code -Dstack.root}, or the nearest folder up from here holding the modules. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("stack.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(LocalStack.SCHEDULER))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository (or pass -Dstack.root=...)");
        }
        return dir;
    }

}
