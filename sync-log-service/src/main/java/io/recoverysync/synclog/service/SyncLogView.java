package io.recoverysync.synclog.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run as the dashboard sees it ({@code GET /api/sync-logs[/{id}]}).
 *
 * @param id                    the run id
 * @param syncType              automated_daily, manual_bulk, manual_patient or ehr
 * @param status                running, completed, partial_success, failed or timed_out
 * @param organizationId        the organization, null for cross-organization runs
 * @param triggeredBy           who or what started the run, null until its RunStarted arrived
 * @param businessDate          the local business date of a nightly run
 * @param startedAt             when the run started
 * @param completedAt           when the last expected result arrived, null while running
 * @param durationMs            completedAt - startedAt, null while running
 * @param patientsExpected      results the run waits for, null until its RunStarted arrived
 * @param patientsProcessed     results received (succeeded and failed)
 * @param patientsFailed        failed results
 * @param appointmentsNew       summed from the appointment results
 * @param appointmentsUpdated   summed from the appointment results
 * @param appointmentsUnchanged summed from the appointment results
 * @param appointmentsErrors    summed from the appointment results
 * @param ehrNotesSynced        succeeded EHR results
 * @param ehrNotesFailed        failed EHR results
 * @param progressPercent       processed * 100 / expected (capped at 100), null while expected is unknown
 * @param errorCount            patients with an error entry
 * @param errors                patientId -> error; only in the single-run view
 * @param missingPatients       patients that never reported before the run timed out (first 1000); single-run view
 * @param updatedAt             last change of the row
 */
public record SyncLogView(UUID id, String syncType, String status, UUID organizationId, String triggeredBy,
        LocalDate businessDate, Instant startedAt, Instant completedAt, Long durationMs, Integer patientsExpected,
        int patientsProcessed, int patientsFailed, int appointmentsNew, int appointmentsUpdated,
        int appointmentsUnchanged, int appointmentsErrors, int ehrNotesSynced, int ehrNotesFailed,
        Integer progressPercent, int errorCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, PatientError> errors,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<UUID> missingPatients, Instant updatedAt) {
}
