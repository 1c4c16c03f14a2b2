package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One run as sync-log-service answers {@code GET /api/sync-logs/{id}}: status, counts, progress and each failed
 * patient's reason (by patient id).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncLogEntry(UUID id, String syncType, String status, UUID organizationId, Instant startedAt,
        Instant completedAt, Integer patientsExpected, int patientsProcessed, int patientsFailed, int appointmentsNew,
        int appointmentsUpdated, int appointmentsUnchanged, int appointmentsErrors, Integer progressPercent,
        Map<String, PatientError> errors) {

    /** Why one patient's sync failed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PatientError(String reasonCode, String detail, String source) {
    }

    public boolean running() {
        return "running".equals(status);
    }
}
