package io.recoverysync.ehr.repository;

import io.recoverysync.contracts.api.SignedNotes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The notes one user signed: the newest revision of each, newest first (no note text). */
@ApplicationScoped
public class SignedNotesRepository {
    private final Pool pool;

    public SignedNotesRepository(Pool pool) {
        this.pool = pool;
    }

    /** The newest revisions of the notes {@code subject} signed a revision of, in {@code organizationId}. */
    public Uni<List<SignedNotes.Note>> signedBy(String subject, UUID organizationId, int limit) {
        return pool.preparedQuery("""
                WITH mine AS (
                    SELECT DISTINCT note_id FROM ehr.ehrbase_sync_queue
                    WHERE signed_by = $1 AND organization_id = $2)
                SELECT * FROM (
                    SELECT DISTINCT ON (q.note_id) q.note_id, q.patient_id, q.revision, q.status, q.attempts,
                           q.last_error, q.failure_reason, q.signed_at, q.created_at, q.next_attempt_at, q.completed_at
                    FROM ehr.ehrbase_sync_queue q JOIN mine m ON m.note_id = q.note_id
                    ORDER BY q.note_id, q.revision DESC) newest
                ORDER BY created_at DESC, note_id LIMIT $3""")
                .execute(Tuple.of(subject, organizationId, limit))
                .map(rows -> {
                    List<SignedNotes.Note> notes = new ArrayList<>();
                    rows.forEach(r -> notes.add(new SignedNotes.Note(r.getUUID("note_id"), r.getUUID("patient_id"),
                            r.getInteger("revision"), r.getString("status"), r.getInteger("attempts"),
                            r.getString("last_error"), r.getString("failure_reason"), instant(r.getOffsetDateTime("signed_at")),
                            instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("next_attempt_at")),
                            instant(r.getOffsetDateTime("completed_at")))));
                    return notes;
                });
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
