package io.recoverysync.synclog.service;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the {@code v_recent_sync_activity} view: a run started within the last seven days.
 *
 * @param progressPercent processed * 100 / expected (capped at 100), null while expected is unknown
 * @param errorCount      patients with an error entry
 */
public record RecentSyncActivity(UUID id, String syncType, String status, UUID organizationId, Instant startedAt,
        Instant completedAt, Long durationMs, Integer patientsExpected, int patientsProcessed, int patientsFailed,
        int appointmentsNew, int appointmentsUpdated, int appointmentsUnchanged, int appointmentsErrors,
        int ehrNotesSynced, int ehrNotesFailed, Integer progressPercent, int errorCount) {
}
