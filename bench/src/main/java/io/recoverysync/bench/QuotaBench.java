package io.recoverysync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.Topics;
import io.recoverysync.localstack.LocalStack;
import io.recoverysync.localstack.ServiceProcess;
import io.recoverysync.localstack.StackClient;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 8 #2: how much of IntakeQ's allowed request rate the shared budget uses with 1, 2 and 4 appointment-sync
 * consumers against a simulator that enforces the same per-minute limit (sliding 60 s window), and how many
 * requests went over it (429s).
 */
final class QuotaBench {
    private static final String GROUP = "appointment-sync-bulk";
    private static final double GOAL_RATIO = 0.95;

    /** This measures the budget's pacing of per-patient reads: the practice mirror off, every patient read by itself. */
    static final java.util.Map<String, String> PER_PATIENT_READS = java.util.Map.of("APPOINTMENT_SYNC_MIRROR_ENABLED", "false");

    private QuotaBench() {
    }

    static void run(Args args) {
        int perMinute = args.integer("per-minute", 300);
        int[] consumerCounts = args.ints("consumers", 1, 2, 4);
        // about 40 s of requests per point at the paced rate
        int patients = args.integer("patients", (int) Math.round(perMinute * 0.97 * 40 / 60.0));
        int warmup = args.integer("warmup", 40);
        try (BenchRig rig = BenchRig.start("quota", perMinute, 0, PER_PATIENT_READS)) {
            rig.mapPractitioner();
            IntakeQSimulator sim = rig.sim();
            int clientIdBase = 2_000_000;
            if (warmup > 0) {
                rig.appointmentConsumers(consumerCounts[0], GROUP, Topics.SYNC_COMMANDS_BULK);
                Point p = measure(rig, sim, rig.organizationWithSimulatedPatients("quota-warmup", warmup, clientIdBase));
                clientIdBase += 100_000;
                System.out.printf("[quota] warm-up: %d patients, %d requests in %.1f s%n", warmup, p.requests, p.runMs / 1000);
            }
            Report report = new Report("quota", "Quota use: IntakeQ requests achieved / allowed, shared budget",
                    List.of("consumers", "patients", "requests", "over_quota_429", "request_window_s", "max_gap_ms", "achieved_per_min",
                            "achieved_over_allowed", "run_duration_s", "run_rate_over_allowed", "run_status"));
            double worstRatio = Double.MAX_VALUE;
            long total429 = 0;
            for (int consumers : consumerCounts) {
                rig.appointmentConsumers(consumers, GROUP, Topics.SYNC_COMMANDS_BULK);
                String roster = "quota" + consumers;
                UUID org = rig.organizationWithSimulatedPatients(roster, patients, clientIdBase);
                clientIdBase += 100_000;
                Point p = measure(rig, sim, org);
                double ratio = p.perMinute() / perMinute;
                double runRatio = p.requests / (p.runMs / 60_000.0) / perMinute;
                System.out.printf("[quota] %d consumer(s): %d requests, %d 429s, %.1f/min over %.1f s = %.3f of %d/min (run: %.3f)%n",
                        consumers, p.requests, p.rateLimited, p.perMinute(), p.windowMs / 1000, ratio, perMinute, runRatio);
                report.row(consumers, patients, p.requests, p.rateLimited, p.windowMs / 1000, p.maxGapMs, p.perMinute(), ratio,
                        p.runMs / 1000, runRatio, p.status);
                worstRatio = Math.min(worstRatio, ratio);
                total429 += p.rateLimited;
            }
            report.setup("allowed rate", perMinute + " requests/minute, enforced by the simulator (sliding 60 s window, 429 beyond)"
                            + " and configured as INTAKEQ_REQUESTS_PER_MINUTE; no daily cap")
                    .setup("pacing", "shared PostgreSQL budget, slots 60 s / (rate x (1 - 0.03 headroom)) apart: at most 0.97 of the limit")
                    .setup("trigger", "POST sync-all (manual_bulk lane, bulk horizon 2 slots) per point, a new organization each")
                    .setup("work per patient", "1 IntakeQ request (1 appointment, one short page), roster lookup, upsert")
                    .setup("consumers", "appointment-sync instances (LocalStack.startReplica), each owning >= 1 of "
                            + rig.partitions(Topics.SYNC_COMMANDS_BULK) + " partitions of " + Topics.SYNC_COMMANDS_BULK
                            + " (group checked stable before each point)")
                    .setup("replicas", "1 scheduler, 1 sync-log, 1 ehr-sync, appointment-sync as per row")
                    .setup("injected latency", "none")
                    .setup("achieved", "(requests - 1) / (last request - first request), the simulator's accepted-request"
                            + " counter sampled every 5 ms; run rate = requests / sync_logs.duration_ms (includes fan-out and the last result)")
                    .setup("slot interval", String.format("%.0f ms (max_gap_ms: longest time between two accepted requests, 5 ms resolution)",
                            60_000 / (perMinute * 0.97)))
                    .setup("warm-up", warmup + " patients with " + consumerCounts[0] + " consumer before measuring (JIT)")
                    .setup("simulator window", "not reset between points: each point starts with the previous point's requests in the window")
                    .setup("service JVM", BenchRig.SERVICE_JVM);
            report.summary("goal", "achieved / allowed >= 0.95 and 0 over-quota requests, at 1, 2 and 4 consumers")
                    .summary("worst achieved / allowed", worstRatio)
                    .summary("over-quota requests (429)", total429)
                    .summary("verdict", worstRatio >= GOAL_RATIO && total429 == 0 ? "met" : "NOT met");
            report.finish(rig.resultsDir(), rig.machine());
        }
    }

    /** One point: requests the simulator accepted, the time between the first and the last, 429s, the run. */
    private record Point(long requests, long rateLimited, double windowMs, double maxGapMs, double runMs, String status) {
        double perMinute() {
            return requests < 2 ? 0 : (requests - 1) / (windowMs / 60_000.0);
        }
    }

    private static Point measure(BenchRig rig, IntakeQSimulator sim, UUID org) {
        long acceptedBefore = sim.acceptedRequests();
        long rateLimitedBefore = sim.rateLimitedRequests();
        AtomicLong firstNanos = new AtomicLong();
        AtomicLong lastNanos = new AtomicLong();
        AtomicLong seen = new AtomicLong(acceptedBefore);
        AtomicLong maxGapNanos = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long now = sim.acceptedRequests();
                if (now != seen.get()) {
                    long t = System.nanoTime();
                    if (seen.get() == acceptedBefore) {
                        firstNanos.set(t);
                    } else {
                        maxGapNanos.accumulateAndGet(t - lastNanos.get(), Math::max);
                    }
                    lastNanos.set(t);
                    seen.set(now);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "quota-watcher");
        watcher.setDaemon(true);
        watcher.start();
        ServiceProcess scheduler = rig.stack.service(LocalStack.SCHEDULER);
        BenchRig.Answer started = rig.post(scheduler, "/api/partner-dashboard/patients/sync-all", org);
        if (started.status() != 202) {
            throw new IllegalStateException("sync-all answered " + started.status() + " " + started.body());
        }
        UUID runId = UUID.fromString(started.body().path("syncLogId").asText());
        JsonNode log = new StackClient(rig.stack).awaitFinished(runId, Duration.ofMinutes(4));
        BenchRig.sleep(100);
        watcher.interrupt();
        try {
            watcher.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long requests = sim.acceptedRequests() - acceptedBefore;
        // the first observed change may bundle several requests; counted from the first request seen
        return new Point(requests, sim.rateLimitedRequests() - rateLimitedBefore,
                (lastNanos.get() - firstNanos.get()) / 1e6, maxGapNanos.get() / 1e6, log.path("durationMs").asDouble(),
                log.path("status").asText() + " " + log.path("patientsProcessed").asInt() + "/" + log.path("patientsExpected").asInt());
    }
}
