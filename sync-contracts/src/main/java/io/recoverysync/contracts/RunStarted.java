package io.recoverysync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Announces a run on {@code sync.runs}: how many per-patient results the log service must wait for.
 * Ids only, never names or emails.
 *
 * @param messageId        unique per message (redelivery keeps it)
 * @param version          schema version, {@link #VERSION}
 * @param runId            the run, also the {@code sync_logs} row id
 * @param syncType         what started it
 * @param organizationId   the organization, null only for cross-organization runs
 * @param expectedPatients number of commands published for this run
 * @param triggeredBy      who or what started it ({@code scheduler}, {@code cron}, or for the dashboard
 *                         {@code dashboard:<role>:<token subject>}, e.g. {@code dashboard:partner:8f2c…})
 * @param businessDate     the local business date of a nightly run (ISO date), else null
 * @param startedAt        when the run was created
 * @param patientIds       the patients commands were published for, so a run that times out can name who never
 *                         reported; null when the run is larger than {@link #MAX_LISTED_PATIENTS}
 */
public record RunStarted(UUID messageId, int version, UUID runId, SyncType syncType, UUID organizationId,
        int expectedPatients, String triggeredBy, String businessDate, Instant startedAt, List<UUID> patientIds) {

    public static final int VERSION = 1;
    /** Larger runs do not list their patients (the message would approach Kafka's size limit). */
    public static final int MAX_LISTED_PATIENTS = 5_000;

    /** A run announcement without the patient list. */
    public RunStarted(UUID messageId, int version, UUID runId, SyncType syncType, UUID organizationId,
            int expectedPatients, String triggeredBy, String businessDate, Instant startedAt) {
        this(messageId, version, runId, syncType, organizationId, expectedPatients, triggeredBy, businessDate,
                startedAt, null);
    }
}
