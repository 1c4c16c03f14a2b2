package io.recoverysync.synclog.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverysync.contracts.SyncResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The run-level business metrics (Prometheus names): {@code sync_runs_total{status,type}} once per ended run
 * (completed, partial_success, failed, timed_out) and {@code sync_patients_synced_total{source,outcome}} once per
 * (run, patient, source) result counted, so redeliveries never inflate them.
 */
@ApplicationScoped
public class RunMetrics {
    private final MeterRegistry registry;

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void runEnded(EndedRun run) {
        Counter.builder("sync.runs")
                .description("Sync runs ended, by final status and sync type")
                .tag("status", run.status().wire())
                .tag("type", run.syncType() == null ? "unknown" : run.syncType())
                .register(registry)
                .increment();
    }

    public void patientCounted(SyncResult result) {
        Counter.builder("sync.patients.synced")
                .description("Per-patient results counted into their run, by source and outcome")
                .tag("source", result.source())
                .tag("outcome", result.status().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
    }
}
