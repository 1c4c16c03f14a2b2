package io.recoverysync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.localstack.LocalStack;
import io.recoverysync.localstack.LocalStackMain;
import io.recoverysync.localstack.ServiceProcess;
import io.recoverysync.localstack.StackClient;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The local stack as a benchmark needs it: started on its own database and work directory, plus bulk roster
 * seeding (one SQL statement per table, {@code generate_series}), the simulator's matching clients, and broker
 * facts (partitions, end offsets, consumer group membership) read with a Kafka admin client.
 */
final class BenchRig implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static final String PRACTITIONER = "6512f0a1c2b3d4e5f6a7be01";
    /** Service JVM flags as {@link ServiceProcess} starts them; stated in every report. */
    static final String SERVICE_JVM = "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC (as LocalStack starts them)";

    final Path root;
    /** How busy the machine's CPUs were just before this benchmark started its stack: other work skews figures. */
    final String loadBefore;
    final LocalStack stack;
    final StackClient client;
    private final Admin admin;

    private BenchRig(Path root, LocalStack stack, String loadBefore) {
        this.root = root;
        this.loadBefore = loadBefore;
        this.stack = stack;
        this.client = new StackClient(stack);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        this.admin = Admin.create(props);
    }

    /** Starts the stack on database {@code bench_<name>} (recreated) with the given IntakeQ limits (0 = none). */
    static BenchRig start(String name, int perMinute, int perDay) {
        return start(name, perMinute, perDay, Map.of());
    }

    /** As {@link #start(String, int, int)}, with more settings (environment variables) for every service. */
    static BenchRig start(String name, int perMinute, int perDay, Map<String, String> serviceEnv) {
        return start(name, perMinute, perDay, serviceEnv, null);
    }

    /**
     * As {@link #start(String, int, int, Map)}; with {@code ownPostgres} non-null, on that server (one the benchmark
     * may stop) and with the broker as its own process (which it may stop too).
     */
    static BenchRig start(String name, int perMinute, int perDay, Map<String, String> serviceEnv,
            io.recoverysync.testsupport.Postgres ownPostgres) {
        return start(name, perMinute, perDay, serviceEnv, ownPostgres, false);
    }

    /** As {@link #start(String, int, int)}, with Keycloak and the dashboard (people sign in). */
    static BenchRig startWithIdentityProvider(String name, int perMinute, int perDay) {
        return start(name, perMinute, perDay, Map.of(), null, true);
    }

    private static BenchRig start(String name, int perMinute, int perDay, Map<String, String> serviceEnv,
            io.recoverysync.testsupport.Postgres ownPostgres, boolean identityProvider) {
        Path root = LocalStackMain.repositoryRoot();
        String loadBefore = cpuBusy(3_000) + " busy over 3 s, load average " + loadAverage();
        long t0 = System.nanoTime();
        System.out.printf("[%s] starting PostgreSQL check, Kafka broker, IntakeQ simulator and four services ...%n", name);
        LocalStack.Options options = LocalStack.Options.tests(root, root.resolve("bench/target/work-" + name))
                .withDatabase("bench_" + name)
                .withIntakeqQuota(perMinute, perDay);
        for (Map.Entry<String, String> setting : serviceEnv.entrySet()) {
            options = options.withServiceEnv(setting.getKey(), setting.getValue());
        }
        if (identityProvider) {
            options = options.withIdentityProvider();
        }
        LocalStack stack = ownPostgres == null ? LocalStack.start(options)
                : LocalStack.start(options.withBrokerProcess(), ownPostgres);
        System.out.printf("[%s] stack up in %.1f s (service logs: %s)%n", name, (System.nanoTime() - t0) / 1e9,
                root.resolve("bench/target/work-" + name + "/logs"));
        return new BenchRig(root, stack, loadBefore);
    }

    IntakeQSimulator sim() {
        return stack.intakeq();
    }

    Path resultsDir() {
        return root.resolve("bench/results");
    }

    /** The machine, plus its load average just before the benchmark started its stack. */
    Map<String, Object> machine() {
        Map<String, Object> machine = Machine.describe(stack);
        machine.put("loadBeforeStart", loadBefore);
        return machine;
    }

    /** Share of all CPUs' time spent not idle during the next {@code millis}, from {@code /proc/stat}, e.g. "3%". */
    static String cpuBusy(long millis) {
        long[] before = cpuTimes();
        sleep(millis);
        long[] after = cpuTimes();
        if (before == null || after == null || after[0] == before[0]) {
            return "?";
        }
        double busy = 1 - (double) (after[1] - before[1]) / (after[0] - before[0]);
        return Math.round(busy * 100) + "%";
    }

    /** Total and idle (idle + iowait) jiffies of all CPUs, or null. */
    private static long[] cpuTimes() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code /proc/loadavg}'s 1, 5 and 15 minute figures, or null. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    UUID organization(String label) {
        UUID id = UUID.randomUUID();
        client.organization(id, label + " " + id.toString().substring(0, 8));
        return id;
    }

    /**
     * Inserts patients {@code 1..n} of roster {@code prefix} in one statement: id {@code md5(prefix-g)::uuid},
     * email {@code <prefix>.<g>@bench.example.org}, IntakeQ client id {@code clientIdBase + g}.
     */
    void seedPatients(String prefix, int n, int clientIdBase) {
        execute("""
                INSERT INTO scheduler.patients (id, first_name, last_name, email, intakeq_client_id)
                SELECT md5(? || '-' || g)::uuid, 'Bench', 'Patient ' || g, ? || '.' || g || '@bench.example.org', ? + g
                FROM generate_series(1, ?) g ON CONFLICT DO NOTHING""", prefix, prefix, clientIdBase, n);
    }

    /** Makes patients {@code 1..n} of roster {@code prefix} active in {@code organizationId}, in one statement. */
    void affiliate(UUID organizationId, String prefix, int n) {
        execute("""
                INSERT INTO scheduler.patient_organization_affiliations (patient_id, organization_id, status)
                SELECT md5(? || '-' || g)::uuid, ?, 'active' FROM generate_series(1, ?) g ON CONFLICT DO NOTHING""",
                prefix, organizationId, n);
    }

    /** An organization whose {@code n} patients exist in the roster and in the simulator with one appointment each. */
    UUID organizationWithSimulatedPatients(String prefix, int n, int clientIdBase) {
        UUID org = organization("Bench " + prefix);
        seedPatients(prefix, n, clientIdBase);
        affiliate(org, prefix, n);
        Instant soon = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
        for (int g = 1; g <= n; g++) {
            int clientId = clientIdBase + g;
            sim().addClient(clientId, "Bench Patient " + g, prefix + "." + g + "@bench.example.org", "(555) 030-0000");
            sim().addAppointment(clientId, PRACTITIONER, soon.plus(g % 500, ChronoUnit.HOURS), 50, "Therapy", "Office", null);
        }
        return org;
    }

    /** The practitioner every simulated appointment uses, mapped to a provider. */
    void mapPractitioner() {
        sim().addPractitioner(PRACTITIONER, "Bench Practitioner", "bench.practitioner@clinic.example.org");
        client.mapPractitioner(PRACTITIONER, UUID.randomUUID());
    }

    void execute(String sql, Object... params) {
        try (Connection c = stack.database(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, as a double (null when no row or SQL NULL). */
    Double queryDouble(String sql, Object... params) {
        try (Connection c = stack.database(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                double v = rs.getDouble(1);
                return rs.wasNull() ? null : v;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Milliseconds from the run's insert to the end of its fan-out, as the scheduler recorded them. */
    Double fanOutMillis(UUID runId) {
        return queryDouble("SELECT EXTRACT(EPOCH FROM (fanout_completed_at - created_at)) * 1000 FROM scheduler.sync_runs WHERE id = ?",
                runId);
    }

    /** Creates the topic's partitions if a consumer or producer has not yet (auto-creation), and returns their count. */
    int partitions(String topic) {
        try {
            awaitTopic(topic);
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return d.partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    private void awaitTopic(String topic) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!admin.listTopics().names().get().contains(topic)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("topic " + topic + " never appeared");
            }
            sleep(200);
        }
    }

    /** Sum of the topic's end offsets: how many records were ever appended to it (0 before it exists). */
    long endOffsets(String topic) {
        try {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic, e);
        }
    }

    /**
     * Waits until consumer group {@code group} is stable with exactly {@code members} members that each own at
     * least one partition of {@code topic}, all of whose partitions are assigned.
     */
    void awaitConsumers(String group, String topic, int members, Duration timeout) {
        int partitions = partitions(topic);
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                long owning = d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                long assigned = d.members().stream().mapToLong(m -> m.assignment().topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(topic)).count()).sum();
                last = d.groupState() + ", " + d.members().size() + " members, " + owning + " owning, "
                        + assigned + "/" + partitions + " partitions";
                if (d.groupState() == GroupState.STABLE && d.members().size() == members && owning == members
                        && assigned == partitions) {
                    return;
                }
            } catch (Exception e) {
                last = e.toString();
            }
            sleep(250);
        }
        throw new IllegalStateException("group " + group + " did not settle on " + members + " consumers: " + last);
    }

    /**
     * Starts (or stops the newest) appointment-sync instances until {@code count} run, then waits for the lane
     * group to settle with {@code count} members.
     */
    void appointmentConsumers(int count, String group, String topic) {
        while (stack.replicas(LocalStack.APPOINTMENTS).size() > count) {
            List<ServiceProcess> running = stack.replicas(LocalStack.APPOINTMENTS);
            running.get(running.size() - 1).close();
        }
        while (stack.replicas(LocalStack.APPOINTMENTS).size() < count) {
            System.out.printf("  starting appointment-sync replica %d ...%n", stack.replicas(LocalStack.APPOINTMENTS).size() + 1);
            stack.startReplica(LocalStack.APPOINTMENTS);
        }
        awaitConsumers(group, topic, count, Duration.ofSeconds(90));
    }

    /** An HTTP answer: status and parsed JSON body (null when empty). */
    record Answer(int status, JsonNode body) {
    }

    /**
     * POST without a body to one instance, as a partner user of the organization; unlike {@link StackClient} it waits up
     * to five minutes, since a large fan-out answers only once every command is on the broker.
     */
    Answer post(ServiceProcess instance, String path, UUID organizationId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.url(path)))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + stack.tokens().partner(organizationId))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Answer(response.statusCode(),
                    body == null || body.isBlank() ? null : ContractJson.mapper().readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every service instance now running, by name. */
    List<ServiceProcess> services() {
        return List.of(LocalStack.SCHEDULER, LocalStack.APPOINTMENTS, LocalStack.EHR, LocalStack.SYNC_LOG).stream()
                .flatMap(module -> stack.replicas(module).stream())
                .distinct()
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        stack.close();
    }

    /** Waits (5 minutes at most) until appointment-sync's roster view holds {@code patients} active patients. */
    void awaitRosterView(int patients) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        Double active;
        while ((active = queryDouble("SELECT count(DISTINCT patient_id) FROM appointments.roster_affiliations"
                + " WHERE status = 'active'")) == null || active < patients) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("appointment-sync's roster view did not reach " + patients + " patients");
            }
            sleep(500);
        }
    }

    /** The p-th percentile (nearest rank) of {@code values}; NaN for none. */
    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
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
