package io.recoverysync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.localstack.LocalStack;
import io.recoverysync.localstack.ServiceProcess;
import io.recoverysync.localstack.StackClient;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.RetryAfter;
import io.recoverysync.simulator.intakeq.SimAppointment;
import io.recoverysync.testsupport.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The fault suite ({@code bench/run.sh faults}): each fault of the list below hits the local stack's real processes
 * while a nightly run and a bulk run of one organization's patients (50 by default) are under way and clinicians
 * sign notes, then the suite waits for everything to settle and counts what went wrong:
 *
 * <ul>
 *   <li>runs ended (and how): the status of the organization's runs in sync-log ({@code completed} is the goal);</li>
 *   <li>lost: patients a run never counted, plus notes accepted (202) that never reached EHRbase;</li>
 *   <li>doubled: patients a run counted more than once, appointments counted new twice, notes stored twice;</li>
 *   <li>wrong: appointments whose stored start or status differs from IntakeQ's, missing or extra;</li>
 *   <li>recovery: seconds from the fault's end (process ready again, server back, IntakeQ calm) to the end of the
 *       last run and the last note;</li>
 *   <li>liveness DOWN: any {@code /q/health/live} answer other than 200 from a service that was not killed.</li>
 * </ul>
 *
 * The stack runs on a PostgreSQL server of its own (embedded, so that it can be stopped) and a broker process with
 * Kafka's default group settings; IntakeQ's base-plan rate (10 requests a minute, paced by the services, enforced by
 * the simulator). Options: {@code --patients 50}, {@code --only kill-scheduler,postgres} (fault keys),
 * {@code --time-scale 1} (multiplies the outage lengths; 0.1 for a quick trial), {@code --seed 15}.
 */
final class FaultBench {
    private static final String PRACTITIONER = BenchRig.PRACTITIONER;
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(20);

    private final BenchRig rig;
    private final StackClient client;
    private final IntakeQSimulator sim;
    private final Postgres postgres;
    private final Random random;
    private final int patients;
    private final double timeScale;
    private int nextClientId = 700_000;
    /** How long the runs of the baseline row took from their trigger: faults strike at a random point within it. */
    private long runMillis = 4_000;

    private FaultBench(BenchRig rig, Postgres postgres, int patients, double timeScale, long seed) {
        this.rig = rig;
        this.client = rig.client;
        this.sim = rig.sim();
        this.postgres = postgres;
        this.patients = patients;
        this.timeScale = timeScale;
        this.random = new Random(seed);
    }

    /** One fault: its key (for {@code --only}), what the table calls it, and how it is done. */
    private record Fault(String key, String label, int notes, Injection injection) {
    }

    @FunctionalInterface
    private interface Injection {
        /** Does the fault during the row's runs; returns what was killed (null: nothing) once the fault has ended. */
        String inject(FaultBench bench, Row row) throws Exception;
    }

    static void run(Args args) {
        int patients = args.integer("patients", 50);
        double timeScale = Double.parseDouble(args.string("time-scale", "1"));
        long seed = args.integer("seed", 15);
        Set<String> only = Arrays.stream(args.string("only", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        List<Fault> faults = faults(timeScale);
        Postgres postgres = Postgres.owned(io.recoverysync.localstack.LocalStackMain.repositoryRoot()
                .resolve("bench/target/work-faults/postgres"));
        try (BenchRig rig = BenchRig.start("faults", 10, 0, Map.of(), postgres)) {
            FaultBench bench = new FaultBench(rig, postgres, patients, timeScale, seed);
            rig.mapPractitioner();
            Report report = new Report("faults", "Faults during a nightly and a bulk run: every run ends, nothing lost,"
                    + " nothing doubled, nothing wrong",
                    List.of("fault", "runs_ended", "lost", "doubled", "wrong", "recovery_s", "failed_patients",
                            "notes", "liveness_down", "detail"));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Fault fault : faults) {
                if (!only.isEmpty() && !only.contains(fault.key())) {
                    continue;
                }
                Map<String, Object> row = bench.row(fault);
                rows.add(row);
                report.row(row.get("fault"), row.get("runs_ended"), row.get("lost"), row.get("doubled"),
                        row.get("wrong"), row.get("recovery_s"), row.get("failed_patients"), row.get("notes"),
                        row.get("liveness_down"), row.get("detail"));
            }
            boolean met = rows.stream().allMatch(r -> Boolean.TRUE.equals(r.get("met")));
            report.setup("each row", patients + " new patients of a new organization (one appointment each in"
                            + " IntakeQ), its nightly run (cron trigger) and a bulk run (Refresh all) started together,"
                            + " notes signed by its clinician; the fault at a random point of the runs (seeded), then"
                            + " everything awaited for up to " + SETTLE_TIMEOUT.toMinutes() + " min")
                    .setup("stack", "the four packaged services (one instance each, restarted on their own port after"
                            + " kill -9, as an orchestrator restarts a pod), an embedded PostgreSQL 15 the suite owns,"
                            + " a Kafka broker process with default group settings, the IntakeQ simulator at 10/min"
                            + " (base plan pacing), the EHRbase simulator")
                    .setup("time scale", timeScale + " (outage lengths multiplied by it)")
                    .setup("service JVM", BenchRig.SERVICE_JVM);
            report.summary("goal", "every row: all runs completed, 0 lost, 0 doubled, 0 wrong, liveness never DOWN on a"
                    + " service that was not killed")
                    .summary("verdict", met ? "met" : "NOT met (see the rows)");
            report.finish(rig.resultsDir(), rig.machine());
        }
    }

    private static List<Fault> faults(double scale) {
        Duration minute = scaled(Duration.ofSeconds(60), scale);
        return List.of(
                new Fault("none", "none (baseline: the runs' own duration)", 5, (b, r) -> null),
                new Fault("kill-scheduler", "kill -9 sync-scheduler", 5, (b, r) -> b.killAndRestart(r, LocalStack.SCHEDULER)),
                new Fault("kill-appointments", "kill -9 appointment-sync-service", 5,
                        (b, r) -> b.killAndRestart(r, LocalStack.APPOINTMENTS)),
                new Fault("kill-sync-log", "kill -9 sync-log-service", 5, (b, r) -> b.killAndRestart(r, LocalStack.SYNC_LOG)),
                new Fault("kill-ehr", "kill -9 ehr-sync-service", 10, (b, r) -> b.killAndRestart(r, LocalStack.EHR)),
                new Fault("postgres", "PostgreSQL stopped " + minute.toSeconds() + " s", 5, (b, r) -> {
                    b.randomPause();
                    r.detail.add("stopped " + Duration.between(r.triggeredAt, Instant.now()).toMillis() + " ms after the trigger");
                    b.postgres.stop();
                    sleep(minute);
                    b.postgres.restart();
                    return null;
                }),
                new Fault("broker", "Kafka broker stopped " + minute.toSeconds() + " s", 5, (b, r) -> {
                    b.randomPause();
                    r.detail.add("stopped " + Duration.between(r.triggeredAt, Instant.now()).toMillis() + " ms after the trigger");
                    b.rig.stack.brokerProcess().stop();
                    sleep(minute);
                    b.rig.stack.brokerProcess().start();
                    return null;
                }),
                new Fault("intakeq-429", "IntakeQ 429 without Retry-After " + scaled(Duration.ofMinutes(3), scale).toSeconds()
                        + " s", 5, (b, r) -> b.intakeqOutage(r, scaled(Duration.ofMinutes(3), scale), 429)),
                new Fault("intakeq-503", "IntakeQ 503 " + scaled(Duration.ofMinutes(5), scale).toSeconds() + " s", 5,
                        (b, r) -> b.intakeqOutage(r, scaled(Duration.ofMinutes(5), scale), 503)),
                new Fault("ehrbase", "EHRbase down " + scaled(Duration.ofMinutes(10), scale).toSeconds()
                        + " s, notes signed meanwhile", 0, (b, r) -> b.ehrbaseOutage(r, scaled(Duration.ofMinutes(10), scale))),
                new Fault("trigger-kill", "sync-scheduler killed 50 ms into a bulk trigger", 5, FaultBench::killDuringTrigger));
    }

    private static Duration scaled(Duration d, double scale) {
        return Duration.ofMillis(Math.max(1_000, Math.round(d.toMillis() * scale)));
    }

    // ---- one row ----

    /** What a row started and saw. */
    private final class Row {
        final UUID org;
        final List<UUID> patientIds;
        final Set<Integer> clientIds;
        final int seededAppointments;
        final List<UUID> runs = new CopyOnWriteArrayList<>();
        final List<UUID> notes = new CopyOnWriteArrayList<>();
        final List<String> notesRefused = new CopyOnWriteArrayList<>();
        final Set<String> killed = ConcurrentHashMap.newKeySet();
        final List<String> livenessDown = new CopyOnWriteArrayList<>();
        final AtomicBoolean watching = new AtomicBoolean(true);
        final List<String> detail = new CopyOnWriteArrayList<>();
        /** When the row's runs were triggered. */
        volatile Instant triggeredAt = Instant.now();

        void addRun(UUID run) {
            if (!runs.contains(run)) {
                runs.add(run);
            }
        }

        Row(UUID org, List<UUID> patientIds, Set<Integer> clientIds, int seededAppointments) {
            this.org = org;
            this.patientIds = patientIds;
            this.clientIds = clientIds;
            this.seededAppointments = seededAppointments;
        }
    }

    private Map<String, Object> row(Fault fault) {
        System.out.printf("[faults] %s ...%n", fault.label());
        Row row = newOrganization();
        long compositionsBefore = rig.stack.ehrbase().compositions().size();
        CompletableFuture<Void> liveness = CompletableFuture.runAsync(() -> watchLiveness(row));
        CompletableFuture<Void> notes = fault.notes() == 0 ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> signNotes(row, fault.notes(), Duration.ofSeconds(10)));
        Instant faultEnd;
        Instant triggered = Instant.now();
        row.triggeredAt = triggered;
        String error = null;
        try {
            if (!"trigger-kill".equals(fault.key())) {
                trigger(row);
            }
            String killed = fault.injection().inject(this, row);
            if (killed != null) {
                row.killed.add(killed);
            }
        } catch (Exception e) {
            error = e.toString();
            System.out.printf("[faults]   the fault itself failed: %s%n", error);
        } finally {
            faultEnd = Instant.now();
        }
        notes.join();
        Instant settled = awaitSettled(row, faultEnd.plus(SETTLE_TIMEOUT));
        row.watching.set(false);
        liveness.join();

        Map<String, Long> statuses = new LinkedHashMap<>();
        long lost = 0;
        long doubled = 0;
        long failedPatients = 0;
        long created = 0;
        for (UUID run : row.runs) {
            JsonNode log = syncLog(run);
            String status = log == null ? "not shown" : log.path("status").asText();
            statuses.merge(status, 1L, Long::sum);
            int processed = log == null ? 0 : log.path("patientsProcessed").asInt();
            int expected = log == null || log.path("patientsExpected").isMissingNode() || log.path("patientsExpected").isNull()
                    ? row.patientIds.size() : log.path("patientsExpected").asInt();
            lost += Math.max(0, row.patientIds.size() - processed);
            doubled += Math.max(0, processed - expected);
            failedPatients += log == null ? 0 : log.path("patientsFailed").asInt();
            created += log == null ? 0 : log.path("appointmentsNew").asLong();
        }
        doubled += Math.max(0, created - row.seededAppointments);
        long notesDone = row.notes.stream().filter(n -> "completed".equals(noteStatus(row, n))).count();
        long compositions = rig.stack.ehrbase().compositions().size() - compositionsBefore;
        lost += row.notes.size() - notesDone;
        doubled += Math.max(0, compositions - row.notes.size());
        long wrong = wrongAppointments(row);
        if (error != null) {
            row.detail.add("the fault failed: " + error);
        }
        if ("none".equals(fault.key()) && settled != null) {
            long last = 0;
            for (UUID run : row.runs) {
                JsonNode log = syncLog(run);
                if (log != null && log.hasNonNull("completedAt")) {
                    last = Math.max(last, Duration.between(triggered, java.time.OffsetDateTime.parse(log.get("completedAt").asText()).toInstant()).toMillis());
                }
            }
            runMillis = Math.max(1_000, last);
            System.out.printf("[faults]   baseline: the runs ended %d ms after their trigger%n", runMillis);
        }
        double recovery = settled == null ? -1 : Math.max(0, Duration.between(faultEnd, settled).toMillis() / 1000.0);
        boolean allCompleted = statuses.size() == 1 && statuses.containsKey("completed") && row.runs.size() >= 2;
        String runsEnded = row.runs.size() + " runs: " + statuses.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        boolean met = allCompleted && lost == 0 && doubled == 0 && wrong == 0 && row.livenessDown.isEmpty()
                && settled != null && error == null;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fault", fault.label());
        out.put("runs_ended", runsEnded);
        out.put("lost", lost);
        out.put("doubled", doubled);
        out.put("wrong", wrong);
        out.put("recovery_s", settled == null ? "not settled in " + SETTLE_TIMEOUT.toMinutes() + " min" : Math.round(recovery));
        out.put("failed_patients", failedPatients);
        out.put("notes", notesDone + "/" + row.notes.size() + " stored, " + compositions + " compositions"
                + (row.notesRefused.isEmpty() ? "" : ", " + row.notesRefused.size() + " refused"));
        out.put("liveness_down", row.livenessDown.isEmpty() ? "never" : String.join("; ", distinct(row.livenessDown)));
        out.put("detail", String.join("; ", row.detail));
        out.put("killed", row.killed.isEmpty() ? null : String.join(",", row.killed));
        out.put("error", error);
        out.put("met", met);
        System.out.printf("[faults]   %s%n", out);
        return out;
    }

    private static List<String> distinct(List<String> values) {
        return values.stream().distinct().limit(5).toList();
    }

    /** A new organization with {@link #patients} patients, each with one upcoming appointment in IntakeQ. */
    private Row newOrganization() {
        UUID org = rig.organization("Faults");
        Instant soon = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
        List<UUID> ids = new ArrayList<>();
        Set<Integer> clients = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < patients; i++) {
            int clientId = nextClientId++;
            String email = "fault." + clientId + "@bench.example.org";
            sim.addClient(clientId, "Fault Patient " + clientId, email, "(555) 060-0000");
            sim.addAppointment(clientId, PRACTITIONER, soon.plus(i, ChronoUnit.HOURS), 50, "Therapy", "Telehealth",
                    "https://video.example.invalid/f" + clientId);
            UUID patient = UUID.randomUUID();
            client.patient(patient, org, "Fault", "Patient " + clientId, email, clientId);
            ids.add(patient);
            clients.add(clientId);
        }
        awaitRosterViews(org, patients);
        return new Row(org, ids, clients, patients);
    }

    /** Until appointment-sync and ehr-sync both know the organization's patients (the roster feed's views). */
    private void awaitRosterViews(UUID org, int n) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (count("SELECT count(*) FROM appointments.roster_affiliations WHERE organization_id = ? AND status = 'active'", org) < n
                || count("SELECT count(*) FROM ehr.roster_affiliations WHERE organization_id = ? AND status = 'active'", org) < n) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("appointment-sync's roster view did not get the organization's patients (appointment-sync, ehr-sync)");
            }
            BenchRig.sleep(200);
        }
    }

    /** The nightly run (cron) and the bulk run (Refresh all) of the row's organization. */
    private void trigger(Row row) {
        StackClient.Answer bulk = client.startBulk(row.org, Duration.ofSeconds(30));
        if (bulk.status() != 202) {
            throw new IllegalStateException("bulk trigger answered " + bulk.status() + " " + bulk.body());
        }
        row.addRun(UUID.fromString(bulk.body().get("syncLogId").asText()));
        row.addRun(nightlyRunOf(row.org));
    }

    private UUID nightlyRunOf(UUID org) {
        StackClient.Answer cron = client.cron();
        if (cron.status() != 202) {
            throw new IllegalStateException("cron trigger answered " + cron.status() + " " + cron.body());
        }
        for (JsonNode run : cron.body().get("runs")) {
            if (run.path("organizationId").asText().equals(org.toString()) && run.hasNonNull("syncLogId")) {
                return UUID.fromString(run.get("syncLogId").asText());
            }
        }
        throw new IllegalStateException("the cron trigger started no nightly run of " + org + ": " + cron.body());
    }

    /**
     * A random point of the runs: uniform between 0.1 s after their trigger and the baseline runs' duration (fan-out,
     * practice read, answers, results); 0.1 to 4 s when the baseline was not run.
     */
    private void randomPause() {
        BenchRig.sleep(100 + random.nextInt((int) Math.max(1, runMillis - 100)));
    }

    // ---- faults ----

    private String killAndRestart(Row row, String module) {
        randomPause();
        row.killed.add(module);
        ServiceProcess process = rig.stack.service(module);
        long at = Duration.between(row.triggeredAt, Instant.now()).toMillis();
        System.out.printf("[faults]   kill -9 %s (pid %d) %d ms after the trigger%n", process.name(), process.pid(), at);
        process.kill();
        Instant restarting = Instant.now();
        rig.stack.restart(module);
        row.detail.add("killed " + at + " ms after the trigger, ready again " + Duration.between(restarting, Instant.now())
                .toSeconds() + " s later");
        return module;
    }

    private String intakeqOutage(Row row, Duration length, int status) {
        // the runs were triggered a moment ago: IntakeQ fails from their practice read on
        if (status == 429) {
            sim.rateLimitFor(length, RetryAfter.NONE);
        } else {
            sim.unavailableFor(length, status);
        }
        sleep(length);
        sim.calm();
        return null;
    }

    private String ehrbaseOutage(Row row, Duration length) {
        rig.stack.ehrbase().goOffline();
        try {
            // notes keep being signed while EHRbase is away: one every length/20
            signNotes(row, 20, length.multipliedBy(19).dividedBy(20));
            sleep(length.minus(length.multipliedBy(19).dividedBy(20)));
        } finally {
            rig.stack.ehrbase().goOnline();
        }
        return null;
    }

    /**
     * The scheduler is killed 50 ms into a bulk request and restarted; the case manager presses Refresh all again
     * until it answers (202 with a new run, or 409 naming the run still open): the run it names must be shown by
     * the sync log at once, and every run of the organization must end.
     */
    private static String killDuringTrigger(FaultBench b, Row row) {
        CompletableFuture<StackClient.Answer> first = CompletableFuture.supplyAsync(() -> {
            try {
                return b.client.syncAll(row.org);
            } catch (RuntimeException e) {
                return new StackClient.Answer(-1, null);
            }
        });
        BenchRig.sleep(50);
        row.killed.add(LocalStack.SCHEDULER);
        ServiceProcess scheduler = b.rig.stack.service(LocalStack.SCHEDULER);
        scheduler.kill();
        StackClient.Answer lost = first.join();
        System.out.printf("[faults]   the interrupted trigger got %s%n", lost.status() == -1 ? "no answer" : lost.status());
        b.rig.stack.restart(LocalStack.SCHEDULER);
        StackClient.Answer again = b.client.syncAll(row.org);
        UUID named;
        if (again.status() == 202) {
            named = UUID.fromString(again.body().get("syncLogId").asText());
        } else if (again.status() == 409) {
            named = UUID.fromString(again.body().get("runningSyncLogId").asText());
        } else {
            throw new IllegalStateException("Refresh all after the restart answered " + again.status() + " " + again.body());
        }
        Instant asked = Instant.now();
        while (b.syncLog(named) == null) {
            if (Duration.between(asked, Instant.now()).toMinutes() >= 5) {
                throw new IllegalStateException("the run named by the " + again.status() + " is not in the sync log");
            }
            BenchRig.sleep(100);
        }
        System.out.printf("[faults]   Refresh all after the restart: %d naming run %s, shown by the log after %d ms%n",
                again.status(), named, Duration.between(asked, Instant.now()).toMillis());
        row.detail.add("the interrupted trigger got " + (lost.status() == -1 ? "no answer" : lost.status())
                + "; Refresh all after the restart: " + again.status() + ", its run shown by the log after "
                + Duration.between(asked, Instant.now()).toMillis() + " ms");
        // the restarted scheduler's start-up catch-up may have started the organization's nightly run already
        for (UUID run : b.runsOf(row.org)) {
            row.addRun(run);
        }
        row.addRun(named);
        row.addRun(b.nightlyRunOf(row.org));
        return LocalStack.SCHEDULER;
    }

    /** Every run of the organization the scheduler recorded. */
    private List<UUID> runsOf(UUID org) {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = rig.stack.database();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM scheduler.sync_runs WHERE organization_id = ?")) {
            ps.setObject(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add((UUID) rs.getObject(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    // ---- notes ----

    /** Signs {@code n} notes of the row's patients, spread over {@code span}; a note refused for a moment is sent again. */
    private void signNotes(Row row, int n, Duration span) {
        for (int i = 0; i < n; i++) {
            UUID note = UUID.randomUUID();
            UUID patient = row.patientIds.get(i % row.patientIds.size());
            String body = """
                    {"noteId": "%s", "revision": 1, "patientId": "%s", "organizationId": "%s",
                     "provider": {"id": "%s", "name": "Fault Clinician"}, "signedAt": "%s",
                     "subjective": "Fault suite note %d.", "objective": "Calm.", "assessment": "Stable.", "plan": "Weekly."}"""
                    .formatted(note, patient, row.org, UUID.nameUUIDFromBytes(row.org.toString().getBytes()),
                            Instant.now().minusSeconds(30), i);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (true) {
                StackClient.Answer answer = sendQuietly(LocalStack.EHR, "POST", "/api/ehr/soap-notes",
                        client.clinician(row.org), body);
                if (answer.status() == 202 || answer.status() == 200) {
                    row.notes.add(note);
                    break;
                }
                if ((answer.status() >= 400 && answer.status() < 500) || Instant.now().isAfter(deadline)) {
                    row.notesRefused.add(answer.status() + " " + answer.body());
                    break;
                }
                BenchRig.sleep(1_000); // the service is away (restarting): the clinician's app sends it again
            }
            if (i < n - 1) {
                BenchRig.sleep(Math.max(0, span.toMillis() / Math.max(1, n - 1)));
            }
        }
    }

    private String noteStatus(Row row, UUID note) {
        StackClient.Answer answer = sendQuietly(LocalStack.EHR, "GET", "/api/ehr/soap-notes/" + note,
                client.clinician(row.org), null);
        return answer.status() == 200 ? answer.body().path("status").asText() : "HTTP " + answer.status();
    }

    // ---- waiting and counting ----

    /** When every run of the row had ended and every accepted note was stored; null when not by {@code deadline}. */
    private Instant awaitSettled(Row row, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            boolean runsEnded = row.runs.stream().allMatch(run -> {
                JsonNode log = syncLog(run);
                return log != null && !"running".equals(log.path("status").asText("running"));
            });
            boolean notesStored = runsEnded && row.notes.stream().allMatch(n -> "completed".equals(noteStatus(row, n)));
            if (runsEnded && notesStored) {
                return Instant.now();
            }
            BenchRig.sleep(500);
        }
        return null;
    }

    /** The run's sync-log row, or null (not shown, or the log service is away). */
    private JsonNode syncLog(UUID run) {
        StackClient.Answer answer = sendQuietly(LocalStack.SYNC_LOG, "GET", "/api/sync-logs/" + run, client.ops(), null);
        return answer.status() == 200 ? answer.body() : null;
    }

    private StackClient.Answer sendQuietly(String service, String method, String path, String auth, String body) {
        try {
            return client.send(service, method, path, auth, body);
        } catch (RuntimeException e) {
            return new StackClient.Answer(-1, null); // connection refused: the service is restarting
        }
    }

    /** Polls every service's liveness every 2 s; any answer but 200 from a service not killed is recorded. */
    private void watchLiveness(Row row) {
        while (row.watching.get()) {
            for (String module : List.of(LocalStack.SCHEDULER, LocalStack.APPOINTMENTS, LocalStack.EHR, LocalStack.SYNC_LOG)) {
                ServiceProcess process = rig.stack.service(module);
                if (row.killed.contains(module) || !process.isAlive()) {
                    continue;
                }
                StackClient.Answer live;
                try {
                    live = client.get(process, "/q/health/live", null);
                } catch (RuntimeException e) {
                    live = new StackClient.Answer(-1, null);
                }
                if (live.status() != 200 && process.isAlive() && !row.killed.contains(module)) {
                    row.livenessDown.add(module + " " + live.status() + downChecks(live.body()));
                }
            }
            BenchRig.sleep(2_000);
        }
    }

    private static String downChecks(JsonNode health) {
        if (health == null) {
            return "";
        }
        List<String> down = new ArrayList<>();
        health.path("checks").forEach(c -> {
            if (!"UP".equals(c.path("status").asText())) {
                down.add(c.path("name").asText());
            }
        });
        return down.isEmpty() ? "" : " " + down;
    }

    /** Appointments of the row's clients whose stored copy differs from IntakeQ's: missing, extra, start or status. */
    private long wrongAppointments(Row row) {
        Map<String, SimAppointment> truth = new HashMap<>();
        for (SimAppointment a : sim.appointments()) {
            if (row.clientIds.contains(a.clientId())) {
                truth.put(a.id(), a);
            }
        }
        Map<String, String[]> stored = new HashMap<>();
        try (Connection c = rig.stack.database(); PreparedStatement ps = c.prepareStatement(
                "SELECT intakeq_appointment_id, start_at, status FROM appointments.appointments WHERE patient_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", row.patientIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), new String[] {rs.getTimestamp(2).toInstant().toString(), rs.getString(3)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<String> examples = new ArrayList<>();
        long wrong = 0;
        for (String id : stored.keySet()) {
            if (!truth.containsKey(id)) {
                wrong++;
                examples.add(id + ": stored, not in IntakeQ");
            }
        }
        for (SimAppointment a : truth.values()) {
            String[] s = stored.get(a.id());
            if (s == null || !s[0].equals(a.start().toString()) || !s[1].equalsIgnoreCase(a.status())) {
                wrong++;
                examples.add(a.id() + ": IntakeQ " + a.start() + " " + a.status() + ", stored "
                        + (s == null ? "nothing" : s[0] + " " + s[1]));
            }
        }
        if (!examples.isEmpty()) {
            System.out.printf("[faults]   wrong appointments, e.g. %s%n", examples.subList(0, Math.min(3, examples.size())));
        }
        return wrong;
    }

    private long count(String sql, Object... params) {
        Double value = rig.queryDouble(sql, params);
        return value == null ? 0 : value.longValue();
    }

    private static void sleep(Duration d) {
        BenchRig.sleep(d.toMillis());
    }
}
