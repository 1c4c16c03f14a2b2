package io.recoverysync.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * One patient's outcome in a run, on {@code sync.results} keyed by runId. Ids, counts and reason codes only.
 *
 * @param messageId             unique per result; a re-published result keeps it
 * @param version               schema version, {@link #VERSION}
 * @param runId                 the run
 * @param organizationId        the patient's organization
 * @param patientId             the patient
 * @param source                which service produced it ({@link #SOURCE_APPOINTMENTS} or {@link #SOURCE_EHR})
 * @param status                succeeded or failed
 * @param reasonCode            why it failed, null when it succeeded
 * @param detail                a short machine-made explanation without PHI (e.g. "HTTP 503"), may be null
 * @param appointmentsNew       appointments seen for the first time
 * @param appointmentsUpdated   appointments whose content changed (incl. status changes and removals)
 * @param appointmentsUnchanged appointments seen again unchanged
 * @param appointmentsErrors    appointments that could not be stored (e.g. unknown practitioner)
 * @param durationMs            time spent on this patient
 * @param completedAt           when the patient's sync finished
 * @param ehrNotesSynced        EHR results only: how many of the patient's notes this result reports as stored;
 *                              null (older producers) counts a succeeded result as one
 * @param ehrNotesFailed        EHR results only: how many it reports as failed; null counts a failed result as one
 */
public record SyncResult(UUID messageId, int version, UUID runId, UUID organizationId, UUID patientId, String source,
        ResultStatus status, ReasonCode reasonCode, String detail, int appointmentsNew, int appointmentsUpdated,
        int appointmentsUnchanged, int appointmentsErrors, long durationMs, Instant completedAt,
        Integer ehrNotesSynced, Integer ehrNotesFailed) {

    public static final int VERSION = 1;

    /** A result without note counts (every appointment result, and an EHR result that stands for one note). */
    public SyncResult(UUID messageId, int version, UUID runId, UUID organizationId, UUID patientId, String source,
            ResultStatus status, ReasonCode reasonCode, String detail, int appointmentsNew, int appointmentsUpdated,
            int appointmentsUnchanged, int appointmentsErrors, long durationMs, Instant completedAt) {
        this(messageId, version, runId, organizationId, patientId, source, status, reasonCode, detail, appointmentsNew,
                appointmentsUpdated, appointmentsUnchanged, appointmentsErrors, durationMs, completedAt, null, null);
    }
    public static final String SOURCE_APPOINTMENTS = "appointments";
    public static final String SOURCE_EHR = "ehr";
}
