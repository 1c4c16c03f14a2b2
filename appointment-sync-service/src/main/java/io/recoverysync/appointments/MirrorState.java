package io.recoverysync.appointments;

import java.time.Instant;

/**
 * What the practice mirror of one IntakeQ account holds: the newest complete read (any kind, and full), the reader
 * holding the lease, and the newest failed read.
 *
 * @param lastReadStartedAt    start of the newest complete read; commands that accept a read this old are answered
 * @param lastFullStartedAt    start of the newest complete full read (the whole window, deletions reconciled)
 * @param lastFullRequests     what that full read cost (a full read is chosen over reads of single clients when cheaper)
 * @param highWaterModified    the newest IntakeQ LastModified seen; incremental reads ask for changes since
 * @param readingKind          the kind of read in progress, null when none
 * @param leaseUntil           when the current reader's lease runs out
 * @param lastFailureReason    reason code of the newest failed read, null when the newest read succeeded
 * @param lastFailureStartedAt when that failed read started
 */
public record MirrorState(Instant lastReadStartedAt, Instant lastReadCompletedAt, String lastReadKind,
        Integer lastReadRequests, Instant lastFullStartedAt, Integer lastFullRequests, Instant highWaterModified, String reader,
        String readingKind, Instant readingStartedAt, Instant leaseUntil, String lastFailureReason,
        String lastFailureDetail, Instant lastFailureStartedAt) {

    /** Whether a read started at or after {@code from} has completed. */
    public boolean freshSince(Instant from) {
        return lastReadStartedAt != null && !lastReadStartedAt.isBefore(from);
    }

    /** Whether the newest read attempt started at or after {@code from} failed (and none succeeded since). */
    public boolean failedSince(Instant from) {
        return lastFailureReason != null && lastFailureStartedAt != null && !lastFailureStartedAt.isBefore(from)
                && (lastReadStartedAt == null || lastReadStartedAt.isBefore(lastFailureStartedAt));
    }
}
