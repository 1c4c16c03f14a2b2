package io.recoverysync.ehr.repository;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of {@code ehr.ehrbase_sync_queue}: a signed note revision, its content (PHI; null unless the query was
 * the posting claim, and once purged after completion) and its sync state.
 */
public record QueuedNote(UUID id, UUID noteId, int revision, UUID patientId, UUID organizationId, Instant signedAt,
        UUID providerId, String providerName, String subjective, String objective, String assessment, String plan,
        String contentHash, String status, int attempts, int retryCount, Instant nextAttemptAt, String lastError,
        Integer lastHttpStatus, String failureReason, String compositionUid, UUID ehrId, Instant createdAt,
        Instant updatedAt, Instant completedAt, Integer signedOffsetSeconds) {

    /** A row read without its signing offset (UTC). */
    public QueuedNote(UUID id, UUID noteId, int revision, UUID patientId, UUID organizationId, Instant signedAt,
            UUID providerId, String providerName, String subjective, String objective, String assessment, String plan,
            String contentHash, String status, int attempts, int retryCount, Instant nextAttemptAt, String lastError,
            Integer lastHttpStatus, String failureReason, String compositionUid, UUID ehrId, Instant createdAt,
            Instant updatedAt, Instant completedAt) {
        this(id, noteId, revision, patientId, organizationId, signedAt, providerId, providerName, subjective, objective,
                assessment, plan, contentHash, status, attempts, retryCount, nextAttemptAt, lastError, lastHttpStatus,
                failureReason, compositionUid, ehrId, createdAt, updatedAt, completedAt, null);
    }

    /** The signing time as the clinician's device wrote it: the instant at the offset it was signed with. */
    public OffsetDateTime signedAtLocal() {
        if (signedAt == null) {
            return null;
        }
        return signedAt.atOffset(java.time.ZoneOffset.ofTotalSeconds(signedOffsetSeconds == null ? 0 : signedOffsetSeconds));
    }

    public static final String PENDING = "pending";
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String SUPERSEDED = "superseded";

    static QueuedNote of(Row r) {
        return new QueuedNote(r.getUUID("id"), r.getUUID("note_id"), r.getInteger("revision"), r.getUUID("patient_id"),
                r.getUUID("organization_id"), instant(r, "signed_at"), r.getUUID("provider_id"), r.getString("provider_name"),
                text(r, "subjective"), text(r, "objective"), text(r, "assessment"), text(r, "plan"),
                r.getString("content_hash"), r.getString("status"), r.getInteger("attempts"), r.getInteger("retry_count"),
                instant(r, "next_attempt_at"), r.getString("last_error"), r.getInteger("last_http_status"),
                r.getString("failure_reason"), r.getString("composition_uid"), r.getUUID("ehr_id"),
                instant(r, "created_at"), instant(r, "updated_at"), instant(r, "completed_at"),
                r.getColumnIndex("signed_at_offset_seconds") < 0 ? null : r.getInteger("signed_at_offset_seconds"));
    }

    /** A section of the note's text: null when the query did not select it (only posting does) or it was purged. */
    private static String text(Row r, String column) {
        return r.getColumnIndex(column) < 0 ? null : r.getString(column);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    public boolean terminal() {
        return COMPLETED.equals(status) || FAILED.equals(status) || SUPERSEDED.equals(status);
    }
}
