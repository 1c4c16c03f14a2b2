package io.recoverysync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.Topics;
import io.recoverysync.localstack.LocalStack;
import io.recoverysync.localstack.StackClient;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issue 8 #3: what the system itself adds per patient. With the quota lifted and a fixed latency injected into
 * every simulator response, a run's duration minus the time the consumers spent waiting for IntakeQ, divided by
 * the number of patients: {@code (duration_ms - N x latency x pages / consumers) / N}.
 */
final class OverheadBench {
    private static final String GROUP = "appointment-sync-bulk";
    private static final double GOAL_MS = 20;

    /** This measures the per-patient path: the practice mirror off, every patient read by itself. */
    private static final java.util.Map<String, String> PER_PATIENT_READS = QuotaBench.PER_PATIENT_READS;

    private OverheadBench() {
    }

    /** One configuration: injected latency, patients, consumers. */
    private record Point(int latencyMs, int patients, int consumers) {
        static Point parse(String spec) {
            String[] p = spec.trim().split(":");
            return new Point(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        }
    }

    static void run(Args args) {
        List<Point> points = new ArrayList<>();
        for (String spec : args.string("points", "50:1000:1,0:1000:1,50:1000:2").split(",")) {
            points.add(Point.parse(spec));
        }
        int warmup = args.integer("warmup", 1000);
        try (BenchRig rig = BenchRig.start("overhead", 0, 0, PER_PATIENT_READS)) {
            rig.mapPractitioner();
            IntakeQSimulator sim = rig.sim();
            int clientIdBase = 3_000_000;
            if (warmup > 0) {
                rig.appointmentConsumers(1, GROUP, Topics.SYNC_COMMANDS_BULK);
                UUID org = rig.organizationWithSimulatedPatients("overhead-warmup", warmup, clientIdBase);
                clientIdBase += 100_000;
                Measured m = measure(rig, sim, org, 0);
                System.out.printf("[overhead] warm-up: %d patients in %.1f s%n", warmup, m.durationMs / 1000);
            }
            Report report = new Report("overhead", "Per-patient overhead of a run, quota lifted",
                    List.of("latency_ms", "patients", "consumers", "requests", "pages_per_patient", "run_duration_ms",
                            "intakeq_wait_ms", "overhead_ms_per_patient", "in_worker_ms", "between_ms", "patients_per_s", "run_status"));
            double worstAtOneConsumer = 0;
            for (Point point : points) {
                rig.appointmentConsumers(point.consumers, GROUP, Topics.SYNC_COMMANDS_BULK);
                UUID org = rig.organizationWithSimulatedPatients("overhead" + clientIdBase, point.patients, clientIdBase);
                clientIdBase += 100_000;
                Measured m = measure(rig, sim, org, point.latencyMs);
                double pages = (double) m.requests / point.patients;
                double waitMs = (double) point.patients * point.latencyMs * pages / point.consumers;
                double overhead = (m.durationMs - waitMs) / point.patients;
                double inWorker = m.workerMs - point.latencyMs * pages;
                double between = overhead * point.consumers - inWorker;
                System.out.printf("[overhead] latency %d ms, %d patients, %d consumer(s): run %.0f ms, IntakeQ wait %.0f ms,"
                        + " overhead %.2f ms/patient (%s)%n", point.latencyMs, point.patients, point.consumers,
                        m.durationMs, waitMs, overhead, m.status);
                report.row(point.latencyMs, point.patients, point.consumers, m.requests, pages, m.durationMs, waitMs,
                        overhead, inWorker, between, point.patients / (m.durationMs / 1000), m.status);
                if (point.consumers == 1) {
                    worstAtOneConsumer = Math.max(worstAtOneConsumer, overhead);
                }
            }
            report.setup("formula", "overhead per patient = (run duration_ms - N x latency x pages / consumers) / N,"
                            + " pages = simulator requests / N")
                    .setup("run duration", "synclog.sync_logs.duration_ms: run recorded by the scheduler -> last result aggregated"
                            + " (includes fan-out, Kafka hops, roster lookup, quota reservation, upsert, result publish and aggregation)")
                    .setup("quota", "lifted: INTAKEQ_REQUESTS_PER_MINUTE=0 and per day 0, simulator unlimited"
                            + " (each request still reserves its slot in PostgreSQL)")
                    .setup("injected latency", "IntakeQSimulator.setLatency before every response, as per row")
                    .setup("in_worker_ms", "mean SyncResult.durationMs (appointment-sync's own clock: roster lookup, quota"
                            + " slot, IntakeQ read, diff and upsert transaction) minus latency x pages")
                    .setup("between_ms", "overhead x consumers - in_worker_ms: per command outside the worker's clock"
                            + " (result publish and broker ack, offset commit, next poll, sync-log aggregation lag;"
                            + " with several consumers also their imbalance)")
                    .setup("work per patient", "1 appointment (1 short page), new on first sight: one upsert")
                    .setup("trigger", "POST sync-all (manual_bulk lane), a new organization per row")
                    .setup("lane topic", Topics.SYNC_COMMANDS_BULK + ", " + rig.partitions(Topics.SYNC_COMMANDS_BULK)
                            + " partitions; each consumer handles one command at a time")
                    .setup("replicas", "1 scheduler, 1 sync-log, 1 ehr-sync, appointment-sync instances = consumers")
                    .setup("warm-up", warmup + " patients without latency before measuring (JIT)")
                    .setup("service JVM", BenchRig.SERVICE_JVM);
            report.summary("goal", "< 20 ms per patient")
                    .summary("worst overhead, 1 consumer (ms)", worstAtOneConsumer)
                    .summary("verdict", worstAtOneConsumer < GOAL_MS ? "met" : "NOT met")
                    .note("with several consumers the figure is wall-clock per patient, i.e. the single-consumer cost"
                            + " divided by the parallelism actually reached (partitions are not split evenly)");
            report.finish(rig.resultsDir(), rig.machine());
        }
    }

    private record Measured(double durationMs, long requests, double workerMs, String status) {
    }

    private static Measured measure(BenchRig rig, IntakeQSimulator sim, UUID org, int latencyMs) {
        sim.setLatency(Duration.ofMillis(latencyMs));
        long before = sim.acceptedRequests();
        try {
            BenchRig.Answer started = rig.post(rig.stack.service(LocalStack.SCHEDULER),
                    "/api/partner-dashboard/patients/sync-all", org);
            if (started.status() != 202) {
                throw new IllegalStateException("sync-all answered " + started.status() + " " + started.body());
            }
            UUID runId = UUID.fromString(started.body().path("syncLogId").asText());
            JsonNode log = new StackClient(rig.stack).awaitFinished(runId, Duration.ofMinutes(5));
            Double workerMs = rig.queryDouble("SELECT avg(duration_ms) FROM synclog.sync_run_results WHERE run_id = ?", runId);
            return new Measured(log.path("durationMs").asDouble(), sim.acceptedRequests() - before,
                    workerMs == null ? Double.NaN : workerMs, log.path("status").asText() + " " + log.path("patientsProcessed").asInt() + "/"
                            + log.path("patientsExpected").asInt());
        } finally {
            sim.setLatency(Duration.ZERO);
        }
    }
}
