package io.recoverysync.bench;

import io.recoverysync.localstack.LocalStack;
import io.recoverysync.localstack.ServiceProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issue 8 #5: resident memory (RSS, {@code /proc/<pid>/status}) of each service JVM at rest and under the load of a
 * 100k-patient bulk run: while the scheduler fans out, then while appointment-sync works through the commands
 * (quota lifted) and sync-log aggregates the results.
 */
final class MemoryBench {
    private static final String ROSTER = "memory";

    private MemoryBench() {
    }

    static void run(Args args) {
        int patients = args.integer("patients", 100_000);
        int restSeconds = args.integer("rest-seconds", 20);
        int loadSeconds = args.integer("load-seconds", 60);
        try (BenchRig rig = BenchRig.start("memory", 0, 0)) {
            List<ServiceProcess> services = rig.services();
            System.out.printf("[memory] at rest for %d s ...%n", restSeconds);
            BenchRig.sleep(restSeconds * 1000L);
            List<Double> rest = new ArrayList<>();
            for (ServiceProcess s : services) {
                rest.add(RssSampler.rssMib(s.pid()));
            }
            Double launcherRest = RssSampler.rssMib(ProcessHandle.current().pid());

            rig.seedPatients(ROSTER, patients, 4_000_000);
            UUID org = rig.organization("Memory");
            rig.affiliate(org, ROSTER, patients);

            RssSampler fanOut = new RssSampler(services, true, 50);
            long t0 = System.nanoTime();
            BenchRig.Answer started = rig.post(rig.stack.service(LocalStack.SCHEDULER),
                    "/api/partner-dashboard/patients/sync-all", org);
            double fanOutSeconds = (System.nanoTime() - t0) / 1e9;
            fanOut.close();
            if (started.status() != 202) {
                throw new IllegalStateException("sync-all answered " + started.status() + " " + started.body());
            }
            UUID runId = UUID.fromString(started.body().path("syncLogId").asText());
            System.out.printf("[memory] fan-out of %d commands took %.1f s; sampling %d s of processing ...%n",
                    patients, fanOutSeconds, loadSeconds);
            RssSampler processing = new RssSampler(services, true, 250);
            BenchRig.sleep(loadSeconds * 1000L);
            processing.close();
            Double processed = rig.queryDouble("SELECT patients_processed FROM synclog.sync_logs WHERE id = ?", runId);

            Report report = new Report("memory", "Memory: resident set size (RSS) of each process",
                    List.of("process", "rss_at_rest_mib", "rss_peak_during_fanout_mib", "rss_peak_during_processing_mib",
                            "vm_hwm_mib"));
            for (int i = 0; i < services.size(); i++) {
                ServiceProcess s = services.get(i);
                report.row(s.name(), rest.get(i), fanOut.peakMib(s.name()), processing.peakMib(s.name()),
                        s.peakRssKib() / 1024.0);
            }
            report.row(RssSampler.LAUNCHER, launcherRest, fanOut.peakMib(RssSampler.LAUNCHER),
                    processing.peakMib(RssSampler.LAUNCHER),
                    ServiceProcess.procStatusKib(ProcessHandle.current().pid(), "VmHWM") / 1024.0);
            report.setup("at rest", "all services ready, idle for " + restSeconds + " s, nothing processed yet")
                    .setup("fan-out load", "POST sync-all for " + patients + " active patients (sampled every 50 ms until the 202, "
                            + String.format("%.1f s", fanOutSeconds) + "); consumers run meanwhile")
                    .setup("processing load", loadSeconds + " s after the fan-out, sampled every 250 ms: appointment-sync"
                            + " handles the commands (quota lifted, no injected latency, patients unknown to IntakeQ:"
                            + " one empty page each), sync-log aggregates; " + (processed == null ? "?" : processed.intValue())
                            + " patients processed by the end")
                    .setup("replicas", "1 of each service")
                    .setup("partitions", rig.partitions(io.recoverysync.contracts.Topics.SYNC_COMMANDS_BULK)
                            + " per topic, one broker (in-JVM)")
                    .setup("injected latency", "none")
                    .setup("service JVM", BenchRig.SERVICE_JVM + "; RSS includes heap, metaspace, code cache, threads")
                    .setup("launcher JVM", "-Xmx1g (bench/run.sh); holds the Kafka broker and the IntakeQ simulator");
            report.summary("services total at rest (MiB)", rest.stream().mapToDouble(Double::doubleValue).sum())
                    .summary("services total, peak under load (MiB)", services.stream()
                            .mapToDouble(s -> Math.max(orZero(fanOut.peakMib(s.name())), orZero(processing.peakMib(s.name()))))
                            .sum())
                    .note("vm_hwm is the kernel's high-water mark since the process started (includes start-up)");
            report.finish(rig.resultsDir(), rig.machine());
        }
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }
}
