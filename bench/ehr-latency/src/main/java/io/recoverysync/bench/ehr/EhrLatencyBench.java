package io.recoverysync.bench.ehr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recoverysync.simulator.ehrbase.EhrbaseSimulator;
import io.recoverysync.simulator.ehrbase.SimulatorConfig;
import io.recoverysync.testsupport.KafkaBroker;
import io.recoverysync.testsupport.Postgres;
import io.recoverysync.testsupport.RosterTopic;
import io.recoverysync.testsupport.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency of a signed note reaching EHRbase: from just before {@code POST /api/ehr/soap-notes} is sent to the
 * moment the EHRbase simulator commits the composition (its commit callback, same JVM and clock), at fixed
 * arrival rates (open loop: notes are sent on schedule whether or not earlier ones are done).
 *
 * <p>Setup: the packaged ehr-sync-service in its own JVM (one replica, prod profile), a single in-process Kafka
 * broker (KRaft) with {@code --partitions} partitions for ehr.notes, the machine's PostgreSQL, and the EHRbase
 * simulator with {@code --latency-ms} of processing time on every request. Patients already have their EHR
 * (a warm-up signs one note per patient first), as for most notes in practice.
 */
public final class EhrLatencyBench {

    /** Command-line settings. */
    record Options(Path root, List<Integer> rates, List<Integer> seconds, int latencyMs, int patients, int partitions,
            int workers, Path out) {

        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            Path root = Path.of(a.getOrDefault("root", ".")).toAbsolutePath().normalize();
            return new Options(root, ints(a.getOrDefault("rates", "1,10,100")), ints(a.getOrDefault("seconds", "30,30,20")),
                    Integer.parseInt(a.getOrDefault("latency-ms", "20")), Integer.parseInt(a.getOrDefault("patients", "200")),
                    Integer.parseInt(a.getOrDefault("partitions", "4")), Integer.parseInt(a.getOrDefault("workers", "16")),
                    root.resolve(a.getOrDefault("out", "bench/results/ehr-latency.json")));
        }

        private static List<Integer> ints(String csv) {
            return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
        }
    }

    /** One rate's figures, in milliseconds. */
    record Result(int rate, int seconds, int sent, int accepted, int stored, double achievedRate, double p50, double p99,
            double max, double intakeP50, double intakeP99, double loadBefore, double loadAfter) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The clinic the notes belong to; the clinician token names it. */
    private static final UUID ORGANIZATION = UUID.fromString("0a000000-0000-4000-8000-0000000000b1");
    private static final TestTokens TOKENS = TestTokens.generate();

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** versioned object uid -> nanoTime of the first commit. */
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private ServiceProcess service;
    /** One token for every note: its check is part of what is measured, minting one per note is not. */
    private final String clinicianToken = TOKENS.clinician(ORGANIZATION);
    private List<UUID> patients;

    private EhrLatencyBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new EhrLatencyBench(Options.parse(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = options.root().resolve("bench/ehr-latency/target/run");
        Files.createDirectories(work);
        Postgres pg = Postgres.shared();
        String database = "ehr_latency_bench";
        pg.recreateDatabase(database);
        System.out.println("starting Kafka, the EHRbase simulator and ehr-sync-service ...");
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"), options.partitions());
             EhrbaseSimulator sim = EhrbaseSimulator.start(SimulatorConfig.defaults())) {
            sim.onCompositionStored(s -> committed.putIfAbsent(s.uuid(), s.committedNanos()));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            env.put("DB_REACTIVE_URL", pg.reactiveUrl(database));
            env.put("DB_JDBC_URL", pg.jdbcUrl(database));
            env.put("DB_USER", pg.user());
            env.put("DB_PASSWORD", pg.password());
            env.put("EHRBASE_BASE_URL", sim.baseUrl());
            env.put("OTEL_SDK_DISABLED", "true"); // no trace collector here; measure the service, not failed exports
            env.put("EHRBASE_USER", sim.username());
            env.put("EHRBASE_PASSWORD", sim.password());
            env.put("EHR_WORKER_CONCURRENCY", Integer.toString(options.workers()));
            // the service trusts a key pair made for this run; every note carries a clinician token of it
            Path publicKey = work.resolve("jwt-public-key.pem");
            Files.writeString(publicKey, TOKENS.publicKeyPem());
            env.put("JWT_PUBLIC_KEY_LOCATION", publicKey.toAbsolutePath().toString());
            env.put("JWT_ISSUER", TestTokens.ISSUER);
            env.put("JWT_AUDIENCE", TestTokens.AUDIENCE);
            service = ServiceProcess.start(options.root(), freePort(), env, work.resolve("ehr-sync-service.log"));
            try {
                service.awaitReady(http, Duration.ofMinutes(2));
                patients = new ArrayList<>();
                for (int i = 0; i < options.patients(); i++) {
                    patients.add(UUID.randomUUID());
                }
                // notes are taken only for active patients of the organization: play the roster's owner
                new RosterTopic("ehr", database, broker.bootstrapServers()).enrolAll(patients, ORGANIZATION);
                // warm-up, not measured: every patient gets its EHR, JITs and connection pools warm up
                sim.setLatency(Duration.ofMillis(options.latencyMs()));
                System.out.printf("warm-up: one note for each of %d patients at 20 notes/s ...%n", patients.size());
                load(20, Math.max(1, patients.size() / 20), true);
                List<Result> results = new ArrayList<>();
                for (int i = 0; i < options.rates().size(); i++) {
                    int rate = options.rates().get(i);
                    int seconds = options.seconds().get(Math.min(i, options.seconds().size() - 1));
                    System.out.printf("measuring %d notes/s for %d s ...%n", rate, seconds);
                    results.add(load(rate, seconds, false));
                }
                print(results);
                write(results);
            } finally {
                service.close();
            }
        }
    }

    private Result load(int rate, int seconds, boolean warmUp) throws Exception {
        int total = rate * seconds;
        double loadBefore = loadAverage();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> intake = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        ScheduledFuture<?> ticking = pacer.scheduleAtFixedRate(() -> {
            int i = sent.getAndIncrement();
            if (i >= total) {
                return;
            }
            UUID noteId = UUID.randomUUID();
            UUID patient = warmUp ? patients.get(i % patients.size())
                    : patients.get(Math.floorMod((int) (noteId.getLeastSignificantBits() >>> 1), patients.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(service.url("/api/ehr/soap-notes")))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + clinicianToken)
                    .POST(HttpRequest.BodyPublishers.ofString(note(noteId, patient)))
                    .build();
            long t0 = System.nanoTime();
            sentAt.put(versionedObjectUid(noteId), t0);
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 202) {
                    accepted.incrementAndGet();
                    intake.add(System.nanoTime() - t0);
                }
            });
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(50);
        }
        ticking.cancel(false);
        pacer.shutdown();
        double achieved = total / ((System.nanoTime() - started) / 1e9);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !sentAt.keySet().stream().allMatch(committed::containsKey)) {
            Thread.sleep(100);
        }
        List<Long> latencies = new ArrayList<>();
        sentAt.forEach((uid, t0) -> {
            Long t1 = committed.get(uid);
            if (t1 != null) {
                latencies.add(t1 - t0);
            }
        });
        return new Result(rate, seconds, total, accepted.get(), latencies.size(), achieved, percentile(latencies, 0.50),
                percentile(latencies, 0.99), percentile(latencies, 1.0), percentile(new ArrayList<>(intake), 0.50),
                percentile(new ArrayList<>(intake), 0.99), loadBefore, loadAverage());
    }

    /** Nearest-rank percentile in milliseconds. */
    static double percentile(List<Long> nanos, double q) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** The service's composition id for a note (see ehr-sync-service CompositionIds): the harness only observes. */
    static String versionedObjectUid(UUID noteId) {
        return UUID.nameUUIDFromBytes(("note:" + noteId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String note(UUID noteId, UUID patient) {
        ObjectNode n = JSON.createObjectNode();
        n.put("noteId", noteId.toString());
        n.put("revision", 1);
        n.put("patientId", patient.toString());
        n.put("organizationId", ORGANIZATION.toString());
        n.putObject("provider").put("id", UUID.randomUUID().toString()).put("name", "Dr Bench");
        n.put("signedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        n.put("subjective", "Reports sleeping better; cravings down since last week. ".repeat(8));
        n.put("objective", "Alert, oriented, calm; vitals within normal limits. ".repeat(4));
        n.put("assessment", "Opioid use disorder in early remission, improving. ".repeat(3));
        n.put("plan", "Continue buprenorphine, weekly group therapy, follow-up in 7 days. ".repeat(3));
        return n.toString();
    }

    private void print(List<Result> results) {
        System.out.println();
        System.out.printf("note signed -> composition stored (EHRbase simulator latency %d ms/request, %d partition(s), 1 replica, %d workers)%n",
                options.latencyMs(), options.partitions(), options.workers());
        System.out.println("| notes/s | notes | stored | achieved/s | p50 ms | p99 ms | max ms | 202 p50 ms | 202 p99 ms | load 1m before/after |");
        System.out.println("|--------:|------:|-------:|-----------:|-------:|-------:|-------:|-----------:|-----------:|---------------------:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %7d | %5d | %6d | %10.1f | %6.1f | %6.1f | %6.1f | %10.1f | %10.1f | %9.2f / %-8.2f |%n",
                    r.rate(), r.sent(), r.stored(), r.achievedRate(), r.p50(), r.p99(), r.max(), r.intakeP50(),
                    r.intakeP99(), r.loadBefore(), r.loadAfter());
        }
    }

    private void write(List<Result> results) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("benchmark", "ehr-latency");
        doc.put("metric", "note signed (POST /api/ehr/soap-notes sent) -> composition committed in the EHRbase simulator");
        doc.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode machine = doc.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("memoryGb", Math.round(totalMemoryGb() * 10) / 10.0);
        ObjectNode setup = doc.putObject("setup");
        setup.put("simulatorLatencyMsPerRequest", options.latencyMs());
        setup.put("ehrNotesPartitions", options.partitions());
        setup.put("serviceReplicas", 1);
        setup.put("workerConcurrency", options.workers());
        setup.put("patients", options.patients());
        setup.put("arrivals", "open loop, fixed rate; every patient already has an EHR (warm-up)");
        setup.put("kafka", "single in-process KRaft broker in the harness JVM");
        setup.put("postgres", "the machine's PostgreSQL (or embedded), database ehr_latency_bench");
        setup.put("service", "packaged ehr-sync-service, own JVM, prod profile, -Xmx512m");
        ArrayNode rows = doc.putArray("results");
        for (Result r : results) {
            ObjectNode row = rows.addObject();
            row.put("notesPerSecond", r.rate());
            row.put("seconds", r.seconds());
            row.put("notes", r.sent());
            row.put("accepted202", r.accepted());
            row.put("stored", r.stored());
            row.put("achievedNotesPerSecond", round(r.achievedRate()));
            row.put("p50Ms", round(r.p50()));
            row.put("p99Ms", round(r.p99()));
            row.put("maxMs", round(r.max()));
            row.put("intakeP50Ms", round(r.intakeP50()));
            row.put("intakeP99Ms", round(r.intakeP99()));
            row.put("loadAverage1mBefore", r.loadBefore());
            row.put("loadAverage1mAfter", r.loadAfter());
        }
        Files.createDirectories(options.out().getParent());
        JSON.writeValue(options.out().toFile(), doc);
        System.out.println("wrote " + options.root().relativize(options.out()));
    }

    private static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 10) / 10.0;
    }

    /** The machine's 1-minute load average (other work competing for the cores shows here), -1 off Linux. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double totalMemoryGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
