package io.recoverysync.contracts;

import java.time.Instant;
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
 * @param triggeredBy      who or what started it ({@code scheduler}, {@code cron}, {@code dashboard})
 * @param businessDate     the local business date of a nightly run (ISO date), else null
 * @param startedAt        when the run was created
 */
public record RunStarted(UUID messageId, int version, UUID runId, SyncType syncType, UUID organizationId,
        int expectedPatients, String triggeredBy, String businessDate, Instant startedAt) {

    public static final int VERSION = 1;
}
