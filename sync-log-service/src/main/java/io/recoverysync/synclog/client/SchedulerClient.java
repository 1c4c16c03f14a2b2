package io.recoverysync.synclog.client;

import io.recoverysync.synclog.config.SyncLogConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * sync-scheduler for the console, with the caller's own credentials: the patient list and the refresh triggers.
 * Not retried: a second POST after a lost answer would only meet the first run's 409 (or start a second refresh).
 */
@ApplicationScoped
public class SchedulerClient {
    private final SchedulerApi api;
    private final SyncLogConfig config;

    public SchedulerClient(@RestClient SchedulerApi api, SyncLogConfig config) {
        this.api = api;
        this.config = config;
    }

    /** POST sync-all; {@code organizationId} (an ops caller's choice) is sent only when not null. */
    public Uni<Forwarded> syncAll(String authorization, String organizationId) {
        return Forwarded.relay("sync-scheduler",
                Uni.createFrom().deferred(() -> api.syncAll(authorization, organizationId)),
                config.console().timeout());
    }

    /** POST a single patient's refresh. */
    public Uni<Forwarded> syncPatient(String authorization, String patientId) {
        return Forwarded.relay("sync-scheduler",
                Uni.createFrom().deferred(() -> api.syncPatient(authorization, patientId)), config.console().timeout());
    }

    /** GET the case manager's patient list; null values are not sent. */
    public Uni<Forwarded> patients(String authorization, String organizationId, String offset, String limit) {
        return Forwarded.relay("sync-scheduler",
                Uni.createFrom().deferred(() -> api.patients(authorization, organizationId, offset, limit)),
                config.console().timeout());
    }
}
