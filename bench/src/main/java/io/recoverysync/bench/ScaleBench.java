package io.recoverysync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.localstack.LocalStack;
import io.recoverysync.localstack.ServiceProcess;
import io.recoverysync.localstack.StackClient;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.NewAppointment;
import io.recoverysync.simulator.intakeq.SimAppointment;
import io.recoverysync.simulator.intakeq.SimClient;
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
import java.util.Random;
import java.util.UUID;

/**
 * IntakeQ at a clinic's scale: thousands of patients in several organizations of one IntakeQ account on the base
 * plan, two appointment-sync replicas. Measures the IntakeQ requests of a first nightly run (a full practice read),
 * of a second one with nothing changed (an incremental read), 429s, webhook change → appointment stored, and — in
 * the same run — the requests of the per-patient design (the mirror off: a read of each patient's client).
 */
final class ScaleBench {
    private static final int CLIENT_BASE = 3_000_000;

    private ScaleBench() {
    }

    static void run(Args args) {
        int patients = args.integer("patients", 5000);
        int organizations = args.integer("organizations", 10);
        int appointments = args.integer("appointments", 30_000);
        int perMinute = args.integer("per-minute", 10);
        int perDay = args.integer("per-day", 500);
        int webhooks = args.integer("webhooks", 20);
        int webhookSpacingMs = args.integer("webhook-spacing-ms", 8_000);
        int perPatientSample = args.integer("per-patient-patients", patients);
        try (BenchRig rig = BenchRig.start("scale", perMinute, perDay)) {
            IntakeQSimulator sim = rig.sim();
            StackClient client = rig.client;
            rig.mapPractitioner();
            rig.stack.startReplica(LocalStack.APPOINTMENTS);
            List<UUID> orgs = seedRoster(rig, patients, organizations);
            List<SimAppointment> seeded = seedIntakeQ(rig, patients, appointments);
            rig.awaitRosterView(patients);
            Report report = new Report("scale", "IntakeQ at clinic scale: one practice read instead of a request per patient",
                    List.of("design", "run", "patients", "intakeq_requests", "requests_per_patient", "rate_limited_429",
                            "duration_s", "runs_completed", "appointments_new", "appointments_unchanged"));

            // 1. the first nightly run of every organization: the mirror is empty, so one full practice read
            sim.resetCounters();
            Run first = nightly(rig, client, orgs, Duration.ofMinutes(120));
            long firstRequests = sim.acceptedRequests();
            long firstRateLimited = sim.rateLimitedRequests();
            report.row("practice mirror", "first nightly", patients, firstRequests, ratio(firstRequests, patients), firstRateLimited,
                    first.seconds(), first.completed() + "/" + orgs.size(), first.appointmentsNew(), first.appointmentsUnchanged());
            System.out.printf("[scale] first nightly: %d requests, %d 429s, %.0f s%n", firstRequests, firstRateLimited, first.seconds());

            // 2. the next night with nothing changed: an incremental read of what changed since the newest LastModified
            nextNight(rig);
            long before = sim.acceptedRequests();
            long limitedBefore = sim.rateLimitedRequests();
            Run second = nightly(rig, client, orgs, Duration.ofMinutes(60));
            long secondRequests = sim.acceptedRequests() - before;
            report.row("practice mirror", "second nightly (nothing changed)", patients, secondRequests,
                    ratio(secondRequests, patients), sim.rateLimitedRequests() - limitedBefore, second.seconds(),
                    second.completed() + "/" + orgs.size(), second.appointmentsNew(), second.appointmentsUnchanged());
            System.out.printf("[scale] second nightly: %d requests, %.0f s%n", secondRequests, second.seconds());

            // 3. webhooks: an appointment rescheduled in IntakeQ, until the dashboard's copy has the new time
            List<Double> latencies = webhooks(rig, sim, seeded, webhooks, webhookSpacingMs);
            double p50 = BenchRig.percentile(latencies, 50);
            double p99 = BenchRig.percentile(latencies, 99);
            System.out.printf("[scale] webhook change -> stored: p50 %.0f ms, p99 %.0f ms (%d)%n", p50, p99, latencies.size());
            long totalRateLimited = sim.rateLimitedRequests();

            // 4. the per-patient design in the same run: the mirror off, each patient's client read by itself; the
            //    quota lifted so that its requests can be counted in minutes (at the base plan they take days)
            long perPatientRequests = perPatientDesign(rig, sim, client, orgs, perPatientSample);
            double perPatientMinutes = perPatientRequests / (perMinute * 0.97);
            report.row("per patient (today's design)", "one nightly, quota lifted to count", patients, perPatientRequests,
                    ratio(perPatientRequests, patients), 0, String.format("(at %d/min: %.0f min; %.1f days of %d)",
                            perMinute, perPatientMinutes, perPatientRequests / (double) perDay, perDay), "", "", "");

            report.setup("roster", patients + " patients in " + organizations + " organizations of one IntakeQ account"
                            + " (scheduler roster by SQL, published on roster.affiliations)")
                    .setup("IntakeQ data", appointments + " appointments in the window (" + appointments / patients
                            + " per patient, between 85 days back and 85 ahead), last modified evenly over the 180 days"
                            + " before the last 30 (about 167 a day)")
                    .setup("quota", perMinute + "/min and " + perDay + "/day, enforced by the simulator (429 without"
                            + " Retry-After) and configured in both appointment-sync replicas (one shared budget)")
                    .setup("replicas", "2 appointment-sync, 1 scheduler, 1 sync-log, 1 ehr-sync")
                    .setup("second nightly", "the same trigger after the day's nightly runs are removed from the scheduler's"
                            + " ledger and the mirror's reads are made a day older, as the next night finds them")
                    .setup("webhooks", webhooks + " reschedules " + webhookSpacingMs + " ms apart (the base plan frees a slot"
                            + " every 6.2 s), from the change in IntakeQ (webhook delivery included) to the new time in"
                            + " appointments.appointments, polled every 5 ms")
                    .setup("per-patient design", "appointment-sync with appointment-sync.mirror.enabled=false: a read of each"
                            + " patient's client (client=<email>), the simulator's and the service's quota lifted to count"
                            + " the requests; its duration at the base plan is requests / (rate x 0.97)")
                    .setup("service JVM", BenchRig.SERVICE_JVM);
            report.figure("first_nightly_requests", firstRequests)
                    .figure("second_nightly_requests", secondRequests)
                    .figure("rate_limited_responses", totalRateLimited)
                    .figure("webhook_to_stored_p50_ms", p50)
                    .figure("webhook_to_stored_p99_ms", p99)
                    .figure("per_patient_design_requests", perPatientRequests)
                    .figure("first_nightly_seconds", first.seconds())
                    .figure("second_nightly_seconds", second.seconds());
            report.summary("goals", "first nightly <= 320 requests (floor: 300 pages), second <= 10, 0 429s, webhook p99 < 1 s")
                    .summary("verdict", firstRequests <= 320 && secondRequests <= 10 && totalRateLimited == 0 && p99 < 1000
                            ? "met" : "NOT met")
                    .summary("per-patient design / mirror (first nightly)", ratio(perPatientRequests, firstRequests));
            report.finish(rig.resultsDir(), rig.machine());
        }
    }

    private record Run(double seconds, int completed, long appointmentsNew, long appointmentsUnchanged) {
    }

    private static List<UUID> seedRoster(BenchRig rig, int patients, int organizations) {
        System.out.printf("[scale] seeding %d patients in %d organizations ...%n", patients, organizations);
        rig.seedPatients("scale", patients, CLIENT_BASE);
        List<UUID> orgs = new ArrayList<>();
        int per = patients / organizations;
        for (int k = 0; k < organizations; k++) {
            UUID org = rig.organization("Scale " + k);
            int from = k * per + 1;
            int to = k == organizations - 1 ? patients : (k + 1) * per;
            rig.execute("""
                    INSERT INTO scheduler.patient_organization_affiliations (patient_id, organization_id, status)
                    SELECT md5('scale-' || g)::uuid, ?, 'active' FROM generate_series(?, ?) g""", org, from, to);
            orgs.add(org);
        }
        return orgs;
    }

    private static List<SimAppointment> seedIntakeQ(BenchRig rig, int patients, int appointments) {
        IntakeQSimulator sim = rig.sim();
        List<SimClient> clients = new ArrayList<>(patients);
        for (int g = 1; g <= patients; g++) {
            clients.add(new SimClient(CLIENT_BASE + g, "Scale Patient " + g, "scale." + g + "@bench.example.org",
                    "(555) 040-0000"));
        }
        sim.addClients(clients);
        Instant base = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<NewAppointment> list = new ArrayList<>(appointments);
        for (int i = 0; i < appointments; i++) {
            int g = 1 + i % patients;
            int day = (int) ((g * 7L + (i / patients) * 29L) % 171) - 85;
            int hour = 8 + (g + i / patients) % 9;
            list.add(new NewAppointment(CLIENT_BASE + g, BenchRig.PRACTITIONER,
                    base.plus(day, ChronoUnit.DAYS).plus(hour, ChronoUnit.HOURS), 50, "Therapy", "Telehealth",
                    "https://video.example.invalid/" + i));
        }
        // booked and changed over the half year before the last month, a day's share at a time: the newest change is a
        // month old, so the second night's incremental read (from a day before it) lists about two days of changes
        List<SimAppointment> added = new ArrayList<>(appointments);
        int days = 180;
        try {
            for (int d = 0; d < days; d++) {
                rig.stack.intakeqClock().shift(Duration.ofDays(-30L - (days - 1 - d)));
                added.addAll(sim.addAppointments(list.subList(d * list.size() / days, (d + 1) * list.size() / days)));
            }
        } finally {
            rig.stack.intakeqClock().reset();
        }
        return added;
    }

    private static Run nightly(BenchRig rig, StackClient client, List<UUID> orgs, Duration timeout) {
        long t0 = System.nanoTime();
        StackClient.Answer cron = client.cron();
        if (cron.status() != 202) {
            throw new IllegalStateException("cron answered " + cron.status() + " " + cron.body());
        }
        int completed = 0;
        long created = 0;
        long unchanged = 0;
        for (JsonNode run : cron.body().get("runs")) {
            JsonNode log = client.awaitFinished(UUID.fromString(run.get("syncLogId").asText()), timeout);
            completed += "completed".equals(log.path("status").asText()) ? 1 : 0;
            created += log.path("appointmentsNew").asLong();
            unchanged += log.path("appointmentsUnchanged").asLong();
        }
        return new Run((System.nanoTime() - t0) / 1e9, completed, created, unchanged);
    }

    /** As the next night finds it: today's nightly runs out of the scheduler's ledger, the mirror's reads a day older. */
    private static void nextNight(BenchRig rig) {
        rig.execute("DELETE FROM scheduler.sync_runs WHERE sync_type = 'automated_daily'");
        rig.execute("UPDATE appointments.mirror_state SET last_read_started_at = last_read_started_at - interval '1 day',"
                + " last_full_started_at = last_full_started_at - interval '1 day'");
        rig.execute("UPDATE appointments.mirror_clients SET covered_at = covered_at - interval '1 day'");
    }

    private static List<Double> webhooks(BenchRig rig, IntakeQSimulator sim, List<SimAppointment> seeded, int n,
            int spacingMs) {
        ServiceProcess receiver = rig.stack.replicas(LocalStack.APPOINTMENTS).get(0);
        sim.setWebhookUrl(rig.stack.webhookUrl(receiver));
        List<Double> latencies = new ArrayList<>();
        Random random = new Random(12);
        Instant now = Instant.now();
        try {
            for (int i = 0; i < n; i++) {
                SimAppointment a;
                do {
                    a = seeded.get(random.nextInt(seeded.size()));
                } while (a.start().isBefore(now.plus(1, ChronoUnit.DAYS)));
                Instant moved = sim.appointment(a.id()).start().plus(1, ChronoUnit.HOURS);
                long t0 = System.nanoTime();
                sim.reschedule(a.id(), moved);
                long deadline = t0 + Duration.ofSeconds(60).toNanos();
                while (!moved.equals(storedStart(rig, a.id()))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("webhook for " + a.id() + " not applied within 60 s");
                    }
                    BenchRig.sleep(5);
                }
                latencies.add((System.nanoTime() - t0) / 1e6);
                long rest = spacingMs - (System.nanoTime() - t0) / 1_000_000;
                if (rest > 0 && i < n - 1) {
                    BenchRig.sleep(rest);
                }
            }
        } finally {
            sim.setWebhookUrl(null);
        }
        return latencies;
    }

    private static long perPatientDesign(BenchRig rig, IntakeQSimulator sim, StackClient client, List<UUID> orgs,
            int patients) {
        System.out.println("[scale] the per-patient design: appointment-sync with the mirror off, quota lifted ...");
        for (ServiceProcess replica : rig.stack.replicas(LocalStack.APPOINTMENTS)) {
            replica.close();
        }
        sim.setRateLimit(0, 0);
        rig.stack.startReplica(LocalStack.APPOINTMENTS, Map.of("APPOINTMENT_SYNC_MIRROR_ENABLED", "false",
                "INTAKEQ_REQUESTS_PER_MINUTE", "0", "INTAKEQ_REQUESTS_PER_DAY", "0"));
        nextNight(rig);
        long before = sim.acceptedRequests();
        Run run = nightly(rig, client, orgs, Duration.ofMinutes(60));
        long requests = sim.acceptedRequests() - before;
        System.out.printf("[scale] per-patient design: %d requests for %d patients in %.0f s (quota lifted)%n", requests,
                patients, run.seconds());
        return requests;
    }

    private static Instant storedStart(BenchRig rig, String intakeqId) {
        try (Connection c = rig.stack.database();
             PreparedStatement ps = c.prepareStatement("SELECT start_at FROM appointments.appointments WHERE intakeq_appointment_id = ?")) {
            ps.setString(1, intakeqId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : Math.round(a * 1000.0 / b) / 1000.0;
    }

}
