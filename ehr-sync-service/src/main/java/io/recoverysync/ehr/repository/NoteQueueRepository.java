package io.recoverysync.ehr.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * SQL on {@code ehr.ehrbase_sync_queue} and {@code ehr.ehr_patients}. State changes are single conditional
 * statements, so concurrent workers, sweeps and replicas agree through row locks rather than in-memory state.
 */
@ApplicationScoped
public class NoteQueueRepository {
    /** A row's state without the note's text: what everything but posting reads (the text may be purged anyway). */
    static final String STATE = "id, note_id, revision, patient_id, organization_id, signed_at, provider_id, provider_name,"
            + " content_hash, status, attempts, retry_count, next_attempt_at, last_error, last_http_status, failure_reason,"
            + " composition_uid, ehr_id, created_at, updated_at, completed_at, signed_at_offset_seconds";

    private final Pool pool;

    public NoteQueueRepository(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Rows per status, every organization (statuses without rows are absent). */
    public Uni<Map<String, Long>> countByStatus() {
        return pool.query("SELECT status, count(*) AS n FROM ehr.ehrbase_sync_queue GROUP BY status")
                .execute()
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put(r.getString("status"), r.getLong("n")));
                    return counts;
                });
    }

    /** A note revision to enqueue. */
    public record NewNote(UUID noteId, int revision, UUID patientId, UUID organizationId, Instant signedAt,
            UUID providerId, String providerName, String subjective, String objective, String assessment, String plan,
            String contentHash, Integer signedOffsetSeconds, String signedBy) {

        /** A note signed in UTC, by a user not recorded. */
        public NewNote(UUID noteId, int revision, UUID patientId, UUID organizationId, Instant signedAt,
                UUID providerId, String providerName, String subjective, String objective, String assessment,
                String plan, String contentHash) {
            this(noteId, revision, patientId, organizationId, signedAt, providerId, providerName, subjective,
                    objective, assessment, plan, contentHash, 0, null);
        }
    }

    /** Inserts the revision; the new row, or null when (note id, revision) is already queued. */
    public Uni<QueuedNote> insert(SqlConnection tx, NewNote n) {
        Tuple params = Tuple.tuple()
                .addUUID(n.noteId())
                .addInteger(n.revision())
                .addUUID(n.patientId())
                .addUUID(n.organizationId())
                .addOffsetDateTime(utc(n.signedAt()))
                .addUUID(n.providerId())
                .addString(n.providerName())
                .addString(n.subjective())
                .addString(n.objective())
                .addString(n.assessment())
                .addString(n.plan())
                .addString(n.contentHash())
                .addInteger(n.signedOffsetSeconds())
                .addString(n.signedBy());
        return tx.preparedQuery("""
                INSERT INTO ehr.ehrbase_sync_queue (note_id, revision, patient_id, organization_id, signed_at,
                    provider_id, provider_name, subjective, objective, assessment, plan, content_hash, emitted_at,
                    signed_at_offset_seconds, signed_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $13, $14)
                ON CONFLICT (note_id, revision) DO NOTHING
                RETURNING\s""" + STATE)
                .execute(params)
                .map(NoteQueueRepository::first);
    }

    /** Serialises the revisions of one note being signed at once, until the caller's transaction ends. */
    public Uni<Void> lockNote(SqlConnection tx, UUID noteId) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(noteId.toString()))
                .replaceWithVoid();
    }

    /** Whether some revision of the note belongs to another patient or organization. */
    public Uni<Boolean> ownedElsewhere(SqlConnection tx, UUID noteId, UUID patientId, UUID organizationId) {
        return tx.preparedQuery("""
                SELECT 1 FROM ehr.ehrbase_sync_queue
                WHERE note_id = $1 AND (patient_id <> $2 OR organization_id <> $3) LIMIT 1""")
                .execute(Tuple.of(noteId, patientId, organizationId))
                .map(rows -> rows.size() > 0);
    }

    /** Whether any revision of the note is queued (it was accepted once). */
    public Uni<Boolean> hasRevisions(SqlConnection tx, UUID noteId) {
        return tx.preparedQuery("SELECT 1 FROM ehr.ehrbase_sync_queue WHERE note_id = $1 LIMIT 1")
                .execute(Tuple.of(noteId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<QueuedNote> find(SqlConnection conn, UUID noteId, int revision) {
        return conn.preparedQuery("SELECT " + STATE + " FROM ehr.ehrbase_sync_queue WHERE note_id = $1 AND revision = $2")
                .execute(Tuple.of(noteId, revision))
                .map(NoteQueueRepository::first);
    }

    public Uni<QueuedNote> find(UUID id) {
        return pool.preparedQuery("SELECT " + STATE + " FROM ehr.ehrbase_sync_queue WHERE id = $1")
                .execute(Tuple.of(id))
                .map(NoteQueueRepository::first);
    }

    public Uni<List<QueuedNote>> byIds(List<UUID> ids) {
        return pool.preparedQuery("SELECT " + STATE + " FROM ehr.ehrbase_sync_queue WHERE id = ANY($1) ORDER BY note_id, revision")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(NoteQueueRepository::all);
    }

    /** Every revision of a note, newest first. */
    public Uni<List<QueuedNote>> revisions(UUID noteId) {
        return pool.preparedQuery("SELECT " + STATE + " FROM ehr.ehrbase_sync_queue WHERE note_id = $1 ORDER BY revision DESC")
                .execute(Tuple.of(noteId))
                .map(NoteQueueRepository::all);
    }

    /**
     * Retention: forgets the text of notes stored (or superseded) more than {@code retention} ago — ids, status,
     * content hash and composition uid stay — at most {@code limit} rows; the number purged.
     */
    public Uni<Integer> purgeText(Duration retention, int limit) {
        return pool.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue SET subjective = NULL, objective = NULL, assessment = NULL, plan = NULL,
                    text_purged_at = now()
                WHERE id IN (
                    SELECT id FROM ehr.ehrbase_sync_queue
                    WHERE text_purged_at IS NULL AND status IN ('completed', 'superseded')
                      AND coalesce(completed_at, updated_at) < now() - ($1::double precision) * interval '1 millisecond'
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED)""")
                .execute(Tuple.of((double) retention.toMillis(), limit))
                .map(rows -> rows.rowCount());
    }

    /**
     * A claimed row with what posting it needs to know about its note's other revisions: the highest revision
     * queued (a higher one supersedes this) and the version uid of the newest revision already in EHRbase (PUT on
     * top of it; null means POST version 1).
     */
    public record Claimed(QueuedNote note, int highestRevision, String storedVersion) {
    }

    /**
     * Takes the row for posting: due pending rows, or in_progress rows whose worker's lease ran out. A concurrent
     * claimer waits on the row lock and then no longer matches, so exactly one worker wins. Null when not claimable.
     */
    public Uni<Claimed> claim(UUID id, Duration lease) {
        return pool.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue q
                SET status = 'in_progress', attempts = q.attempts + 1,
                    claimed_until = now() + ($2::double precision) * interval '1 millisecond', updated_at = now()
                WHERE q.id = $1
                  AND ((q.status = 'pending' AND q.next_attempt_at <= now())
                       OR (q.status = 'in_progress' AND q.claimed_until < now()))
                RETURNING q.*,
                    (SELECT max(o.revision) FROM ehr.ehrbase_sync_queue o WHERE o.note_id = q.note_id) AS highest_revision,
                    (SELECT o.composition_uid FROM ehr.ehrbase_sync_queue o
                     WHERE o.note_id = q.note_id AND o.id <> q.id AND o.status = 'completed'
                       AND o.composition_uid IS NOT NULL
                     ORDER BY o.revision DESC LIMIT 1) AS stored_version""")
                .execute(Tuple.of(id, lease.toMillis()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Claimed(QueuedNote.of(r), r.getInteger("highest_revision"), r.getString("stored_version"));
                });
    }

    /** The revision of the note that was signed at {@code signedAt} (how a version found in EHRbase is recognised). */
    public Uni<Integer> revisionSignedAt(UUID noteId, Instant signedAt) {
        return pool.preparedQuery("SELECT revision FROM ehr.ehrbase_sync_queue WHERE note_id = $1 AND signed_at = $2")
                .execute(Tuple.of(noteId, utc(signedAt)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger("revision"));
    }

    public Uni<Void> complete(UUID id, String compositionUid, UUID ehrId, int httpStatus) {
        return pool.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue
                SET status = 'completed', composition_uid = $2, ehr_id = $3, last_http_status = $4, last_error = NULL,
                    failure_reason = NULL, claimed_until = NULL, completed_at = now(), updated_at = now()
                WHERE id = $1 AND status IN ('pending', 'in_progress')""")
                .execute(Tuple.of(id, compositionUid, ehrId, httpStatus))
                .replaceWithVoid();
    }

    public Uni<Void> fail(UUID id, String reason, Integer httpStatus, String error) {
        return pool.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue
                SET status = 'failed', failure_reason = $2, last_http_status = $3, last_error = $4,
                    claimed_until = NULL, updated_at = now()
                WHERE id = $1 AND status IN ('pending', 'in_progress')""")
                .execute(Tuple.of(id, reason, httpStatus, error))
                .replaceWithVoid();
    }

    public Uni<Void> retryAt(UUID id, Instant next, Integer httpStatus, String error) {
        return pool.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue
                SET status = 'pending', retry_count = retry_count + 1, next_attempt_at = $2, last_http_status = $3,
                    last_error = $4, claimed_until = NULL, updated_at = now()
                WHERE id = $1 AND status IN ('pending', 'in_progress')""")
                .execute(Tuple.of(id, utc(next), httpStatus, error))
                .replaceWithVoid();
    }

    /** Last failure of a note backing off that says EHRbase was away: no answer, or a gateway's 502/503/504. */
    private static final String AWAY = "(last_http_status IS NULL OR last_http_status IN (502, 503, 504))";

    /** Notes backing off (their next attempt still ahead) after EHRbase was away. */
    public Uni<Long> countBackingOff() {
        return pool.preparedQuery("SELECT count(*) FROM ehr.ehrbase_sync_queue WHERE status = 'pending'"
                        + " AND retry_count > 0 AND next_attempt_at > now() AND " + AWAY)
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * EHRbase answers again: notes backing off after it was away are made due now (their retry budget unchanged) and
     * marked announced; returns them for announcing, at most {@code limit}.
     */
    public Uni<List<Announce>> wakeBackingOff(SqlConnection tx, int limit) {
        return tx.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue
                SET next_attempt_at = now(), emitted_at = now(), updated_at = now()
                WHERE id IN (
                    SELECT id FROM ehr.ehrbase_sync_queue
                    WHERE status = 'pending' AND retry_count > 0 AND next_attempt_at > now() AND """ + AWAY + """
                    ORDER BY next_attempt_at, id
                    LIMIT $1
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, note_id, revision, patient_id, organization_id""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Announce> list = new ArrayList<>();
                    rows.forEach(r -> list.add(Announce.of(r)));
                    return list;
                });
    }

    /** Which failed notes to send again: every given criterion must hold (null: any). */
    public record RedriveCriteria(UUID noteId, List<String> reasons, Instant failedFrom, Instant failedBefore,
            UUID organizationId) {
    }

    /**
     * Makes failed notes pending again, due now, with a fresh retry budget (their outcome is reported again when it
     * is known), and marks them announced; returns them for announcing, at most {@code limit}, oldest failure first.
     * SKIP LOCKED keeps concurrent re-drives disjoint.
     */
    public Uni<List<Announce>> redrive(SqlConnection tx, RedriveCriteria c, int limit) {
        return tx.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue
                SET status = 'pending', next_attempt_at = now(), retry_count = 0, failure_reason = NULL,
                    claimed_until = NULL, emitted_at = now(), reported_at = NULL, run_id = NULL,
                    redrive_count = redrive_count + 1, redriven_at = now(), updated_at = now()
                WHERE id IN (
                    SELECT id FROM ehr.ehrbase_sync_queue
                    WHERE status = 'failed'
                      AND ($1::uuid IS NULL OR note_id = $1)
                      AND ($2::text[] IS NULL OR failure_reason = ANY($2))
                      AND ($3::timestamptz IS NULL OR updated_at >= $3)
                      AND ($4::timestamptz IS NULL OR updated_at < $4)
                      AND ($5::uuid IS NULL OR organization_id = $5)
                    ORDER BY updated_at, id
                    LIMIT $6
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, note_id, revision, patient_id, organization_id""")
                .execute(Tuple.tuple().addUUID(c.noteId())
                        .addArrayOfString(c.reasons() == null ? null : c.reasons().toArray(String[]::new))
                        .addOffsetDateTime(utc(c.failedFrom())).addOffsetDateTime(utc(c.failedBefore()))
                        .addUUID(c.organizationId()).addInteger(limit))
                .map(rows -> {
                    List<Announce> list = new ArrayList<>();
                    rows.forEach(r -> list.add(Announce.of(r)));
                    return list;
                });
    }

    /** The organization's patients with notes still to post (waiting, backing off, or abandoned by a dead worker). */
    public Uni<List<UUID>> patientsToDrain(UUID organizationId) {
        return pool.preparedQuery("""
                SELECT DISTINCT patient_id FROM ehr.ehrbase_sync_queue
                WHERE organization_id = $1
                  AND (status = 'pending' OR (status = 'in_progress' AND claimed_until < now()))
                ORDER BY patient_id""")
                .execute(Tuple.of(organizationId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID(0)));
                    return ids;
                });
    }

    /** How many notes are failed for one of {@code reasons}. */
    public Uni<Long> countFailed(List<String> reasons) {
        return pool.preparedQuery("""
                SELECT count(*) FROM ehr.ehrbase_sync_queue WHERE status = 'failed' AND failure_reason = ANY($1)""")
                .execute(Tuple.of(reasons.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> supersede(UUID id) {
        return pool.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue SET status = 'superseded', claimed_until = NULL, updated_at = now()
                WHERE id = $1 AND status IN ('pending', 'in_progress')""")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    // ---- patient -> EHR ----

    public Uni<UUID> ehrOf(UUID patientId) {
        return pool.preparedQuery("SELECT ehr_id FROM ehr.ehr_patients WHERE patient_id = $1")
                .execute(Tuple.of(patientId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("ehr_id"));
    }

    /** Remembers the patient's EHR; a concurrent writer of the same mapping wins silently. */
    /** The newest EHR this service created or found, null when it knows none. */
    public Uni<UUID> anyEhr() {
        return pool.query("SELECT ehr_id FROM ehr.ehr_patients ORDER BY created_at DESC LIMIT 1").execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    public Uni<Void> rememberEhr(UUID patientId, UUID ehrId) {
        return pool.preparedQuery("INSERT INTO ehr.ehr_patients (patient_id, ehr_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(patientId, ehrId))
                .replaceWithVoid();
    }

    /** Drops a mapping EHRbase no longer knows (its EHR answered 404), so the next attempt looks it up again. */
    public Uni<Void> forgetEhr(UUID patientId) {
        return pool.preparedQuery("DELETE FROM ehr.ehr_patients WHERE patient_id = $1")
                .execute(Tuple.of(patientId))
                .replaceWithVoid();
    }

    // ---- safety net, drains, reporting ----

    /** A note to (re-)announce on ehr.notes. */
    public record Announce(UUID id, UUID noteId, int revision, UUID patientId, UUID organizationId) {
        static Announce of(Row r) {
            return new Announce(r.getUUID("id"), r.getUUID("note_id"), r.getInteger("revision"), r.getUUID("patient_id"),
                    r.getUUID("organization_id"));
        }
    }

    /**
     * Marks as re-emitted, and returns, the notes nobody is working on: due pending rows with no event queued for
     * {@code staleAfter}, and in_progress rows whose lease ran out. SKIP LOCKED keeps replicas' sweeps disjoint.
     */
    public Uni<List<Announce>> takeStale(SqlConnection tx, Duration staleAfter, int limit) {
        return tx.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue SET emitted_at = now()
                WHERE id IN (
                    SELECT id FROM ehr.ehrbase_sync_queue
                    WHERE (status = 'pending' AND next_attempt_at <= now()
                           AND (emitted_at IS NULL OR emitted_at < now() - ($1::double precision) * interval '1 millisecond'))
                       OR (status = 'in_progress' AND claimed_until < now())
                    ORDER BY next_attempt_at
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, note_id, revision, patient_id, organization_id""")
                .execute(Tuple.of(staleAfter.toMillis(), limit))
                .map(rows -> {
                    List<Announce> list = new ArrayList<>();
                    rows.forEach(r -> list.add(Announce.of(r)));
                    return list;
                });
    }

    /** The patient's notes still to post (waiting, backing off, or abandoned by a dead worker), oldest first. */
    public Uni<List<Announce>> drainable(UUID patientId) {
        return pool.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue SET next_attempt_at = LEAST(next_attempt_at, now())
                WHERE patient_id = $1
                  AND (status = 'pending' OR (status = 'in_progress' AND claimed_until < now()))
                RETURNING id, note_id, revision, patient_id, organization_id""")
                .execute(Tuple.of(patientId))
                .map(rows -> {
                    List<Announce> list = new ArrayList<>();
                    rows.forEach(r -> list.add(Announce.of(r)));
                    list.sort(java.util.Comparator.comparing(Announce::noteId).thenComparingInt(Announce::revision));
                    return list;
                });
    }

    /** Finished notes not reported in any EHR run yet, locked for this transaction (SKIP LOCKED across replicas). */
    public Uni<List<QueuedNote>> lockUnreported(SqlConnection tx, int limit) {
        return tx.preparedQuery("""
                SELECT\s""" + STATE + """
                 FROM ehr.ehrbase_sync_queue
                WHERE reported_at IS NULL AND status IN ('completed', 'failed')
                ORDER BY updated_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(limit))
                .map(NoteQueueRepository::all);
    }

    public Uni<Void> markReported(SqlConnection conn, List<UUID> ids, UUID runId) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue SET run_id = $2, reported_at = now() WHERE id = ANY($1)""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), runId))
                .replaceWithVoid();
    }

    private static QueuedNote first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : QueuedNote.of(rows.iterator().next());
    }

    private static List<QueuedNote> all(RowSet<Row> rows) {
        List<QueuedNote> list = new ArrayList<>(rows.size());
        rows.forEach(r -> list.add(QueuedNote.of(r)));
        return list;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
