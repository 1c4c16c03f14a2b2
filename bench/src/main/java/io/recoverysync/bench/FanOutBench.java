package io.recoverysync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.Topics;
import io.recoverysync.localstack.LocalStack;
import io.recoverysync.localstack.ServiceProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Issue 8 #1: how long the scheduler takes to publish N per-patient commands (N = 1k, 10k, 100k), measured inside
 * the scheduler as {@code sync_runs.fanout_completed_at - created_at} of a bulk refresh, with no consumer on the
 * bulk lane so only the fan-out is timed. The broker's end offsets confirm that exactly N commands arrived.
 */
final class FanOutBench {
    private static final String ROSTER = "fanout";
    private static final double GOAL_MS_100K = 10_000;

    private FanOutBench() {
    }

    static void run(Args args) {
        int[] sizes = args.ints("sizes", 1_000, 10_000, 100_000);
        int reps = args.integer("reps", 3);
        int warmups = args.integer("warmups", 2);
        int largest = Arrays.stream(sizes).max().orElseThrow();
        try (BenchRig rig = BenchRig.start("fanout", 0, 0)) {
            // Nobody consumes the bulk lane: the commands stay on the topic and only the fan-out is measured.
            rig.stack.service(LocalStack.APPOINTMENTS).close();
            ServiceProcess scheduler = rig.stack.service(LocalStack.SCHEDULER);
            long seedStart = System.nanoTime();
            rig.seedPatients(ROSTER, largest, 1_000_000);
            System.out.printf("[fanout] %d patients seeded in %.1f s%n", largest, (System.nanoTime() - seedStart) / 1e9);

            int warmupSize = Math.min(10_000, largest);
            for (int i = 1; i <= warmups; i++) {
                Sample s = fanOut(rig, scheduler, warmupSize);
                System.out.printf("[fanout] warm-up %d: %d commands in %.0f ms%n", i, warmupSize, s.fanOutMs);
            }
            double restMib = RssSampler.rssMib(scheduler.pid());

            Report report = new Report("fanout", "Fan-out: scheduler publishes one command per patient",
                    List.of("patients", "runs", "fanout_ms_median", "fanout_ms_min", "fanout_ms_max", "http_ms_median",
                            "us_per_command", "commands_per_s", "growth_vs_previous", "published_ok",
                            "scheduler_rss_peak_mib"));
            double previousMedian = 0;
            int previousSize = 0;
            double median100k = Double.NaN;
            for (int n : sizes) {
                List<Sample> samples = new ArrayList<>();
                for (int r = 1; r <= reps; r++) {
                    Sample s = fanOut(rig, scheduler, n);
                    System.out.printf("[fanout] N=%d run %d: fan-out %.0f ms (HTTP %.0f ms), %d on the topic, scheduler RSS peak %.0f MiB%n",
                            n, r, s.fanOutMs, s.httpMs, s.published, s.rssPeakMib);
                    samples.add(s);
                }
                double median = median(samples.stream().mapToDouble(s -> s.fanOutMs).toArray());
                double min = samples.stream().mapToDouble(s -> s.fanOutMs).min().orElseThrow();
                double max = samples.stream().mapToDouble(s -> s.fanOutMs).max().orElseThrow();
                double http = median(samples.stream().mapToDouble(s -> s.httpMs).toArray());
                boolean allPublished = samples.stream().allMatch(s -> s.published == n);
                double peak = samples.stream().mapToDouble(s -> s.rssPeakMib).max().orElseThrow();
                String growth = previousSize == 0 ? null
                        : String.format("x%.2f for x%d patients", median / previousMedian, n / previousSize);
                report.row(n, reps, median, min, max, http, median * 1000 / n, n / (median / 1000), growth,
                        allPublished, peak);
                previousMedian = median;
                previousSize = n;
                if (n == 100_000) {
                    median100k = median;
                }
            }
            report.setup("trigger", "POST /api/partner-dashboard/patients/sync-all (manual_bulk) on an organization with N active patients")
                    .setup("measured", "scheduler.sync_runs.fanout_completed_at - created_at (inside the scheduler); HTTP = POST to 202")
                    .setup("includes", "roster query, RunStarted, N SyncCommands acknowledged by the broker (acks=all), ledger update")
                    .setup("lane topic", Topics.SYNC_COMMANDS_BULK + ", " + rig.partitions(Topics.SYNC_COMMANDS_BULK)
                            + " partitions, one broker (in-JVM KRaft), key = patientId")
                    .setup("consumers", "none (appointment-sync stopped): only the fan-out is timed")
                    .setup("replicas", "1 scheduler")
                    .setup("injected latency", "none")
                    .setup("roster", largest + " patients seeded by INSERT ... SELECT generate_series; a new organization per run")
                    .setup("warm-up", warmups + " fan-outs of " + warmupSize + " before measuring (JIT)")
                    .setup("repetitions", reps + " per N (median, min, max)")
                    .setup("service JVM", BenchRig.SERVICE_JVM);
            report.summary("scheduler RSS at rest (MiB)", restMib);
            if (!Double.isNaN(median100k)) {
                report.summary("goal", "100k commands in under 10 s on 2 cores")
                        .summary("100k median (s)", median100k / 1000)
                        .summary("verdict", median100k < GOAL_MS_100K ? "met" : "NOT met");
            }
            report.finish(rig.resultsDir(), rig.machine());
        }
    }

    private record Sample(double fanOutMs, double httpMs, long published, double rssPeakMib) {
    }

    private static Sample fanOut(BenchRig rig, ServiceProcess scheduler, int n) {
        UUID org = rig.organization("Fan-out " + n);
        rig.affiliate(org, ROSTER, n);
        long before = rig.endOffsets(Topics.SYNC_COMMANDS_BULK);
        BenchRig.Answer answer;
        long t0 = System.nanoTime();
        try (RssSampler rss = new RssSampler(List.of(scheduler), false, 20)) {
            answer = rig.post(scheduler, "/api/partner-dashboard/patients/sync-all", org);
            double httpMs = (System.nanoTime() - t0) / 1e6;
            if (answer.status() != 202) {
                throw new IllegalStateException("sync-all answered " + answer.status() + " " + answer.body());
            }
            JsonNode body = answer.body();
            if (body.path("patientCount").asInt() != n) {
                throw new IllegalStateException("expected " + n + " patients: " + body);
            }
            UUID runId = UUID.fromString(body.path("syncLogId").asText());
            Double fanOutMs = rig.fanOutMillis(runId);
            if (fanOutMs == null) {
                throw new IllegalStateException("run " + runId + " has no fanout_completed_at");
            }
            long published = rig.endOffsets(Topics.SYNC_COMMANDS_BULK) - before;
            rss.close();
            return new Sample(fanOutMs, httpMs, published, rss.peakMib(scheduler.name()));
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
