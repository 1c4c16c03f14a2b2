package io.recoverysync.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * Published by sync-log-service on {@code sync.runs.ended} (key runId) when a run leaves {@code running}:
 * completed, partial_success, failed or timed_out. The scheduler uses it to allow the organization's next bulk run.
 *
 * @param messageId      derived from the run id, so a re-published end is recognisable
 * @param version        schema version, {@link #VERSION}
 * @param runId          the run
 * @param organizationId its organization, null for cross-organization runs
 * @param syncType       what started it
 * @param status         the final status as in {@code sync_logs.status}
 * @param endedAt        when it ended
 */
public record RunEnded(UUID messageId, int version, UUID runId, UUID organizationId, SyncType syncType, String status,
        Instant endedAt) {

    public static final int VERSION = 1;
}
