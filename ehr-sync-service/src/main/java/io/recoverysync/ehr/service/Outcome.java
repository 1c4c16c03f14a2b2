package io.recoverysync.ehr.service;

import java.time.Instant;
import java.util.UUID;

/** What one posting attempt of a queued note came to. */
public record Outcome(UUID queueId, Kind kind, Instant retryAt) {

    public enum Kind {
        /** Stored in EHRbase (now or by an earlier attempt). */
        COMPLETED,
        /** Failed for good (rejected, unauthorized, or out of retries). */
        FAILED,
        /** Transient failure; another attempt is due at {@link #retryAt()}. */
        RETRY,
        /** A newer revision of the note was signed; this one is not posted. */
        SUPERSEDED,
        /** Not claimable: already done, backing off, or held by another worker. */
        SKIPPED
    }

    public static Outcome of(UUID queueId, Kind kind) {
        return new Outcome(queueId, kind, null);
    }

    public static Outcome retry(UUID queueId, Instant at) {
        return new Outcome(queueId, Kind.RETRY, at);
    }
}
