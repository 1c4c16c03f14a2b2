package io.recoverysync.synclog.repository;

import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.synclog.service.CounterDelta;
import io.recoverysync.synclog.service.PatientError;
import io.recoverysync.synclog.service.EndedRun;
import io.recoverysync.synclog.service.RunStatus;
import io.recoverysync.synclog.service.SyncLogFilter;
import io.recoverysync.synclog.service.SyncLogView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL on {@code synclog.sync_logs} and {@code synclog.sync_run_results}. Writes take the caller's connection so
 * that one event is applied in one transaction; reads use the pool. Names are schema-qualified, so the pool needs
 * no search_path.
 */
@ApplicationScoped
public class SyncLogRepository {

    /** Fills a run's announced fields once; a second RunStarted for the run matches no row and changes nothing. */
    private static final String UPSERT_RUN_STARTED = """
            INSERT INTO synclog.sync_logs AS l
                (id, sync_type, status, started_at, patients_expected, triggered_by, organization_id, business_date,
                 updated_at)
            VALUES ($1, $2, 'running', COALESCE($3::timestamptz, clock_timestamp()), $4, $5, $6, $7::date,
                    clock_timestamp())
            ON CONFLICT (id) DO UPDATE SET
                sync_type = EXCLUDED.sync_type,
                started_at = EXCLUDED.started_at,
                patients_expected = EXCLUDED.patients_expected,
                triggered_by = EXCLUDED.triggered_by,
                organization_id = EXCLUDED.organization_id,
                business_date = EXCLUDED.business_date,
                updated_at = EXCLUDED.updated_at
            WHERE l.patients_expected IS NULL
            """;

    /** Records a result under its natural key; returns a row only when it was not seen before. */
    private static final String INSERT_RESULT = """
            INSERT INTO synclog.sync_run_results
                (run_id, patient_id, source, message_id, organization_id, status, reason_code, detail,
                 appointments_new, appointments_updated, appointments_unchanged, appointments_errors,
                 duration_ms, completed_at, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, clock_timestamp())
            ON CONFLICT (run_id, patient_id, source) DO NOTHING
            RETURNING run_id
            """;

    /**
     * Adds one new result to its run's counters, creating a placeholder row (expected unknown) when the result
     * overtook its RunStarted.
     */
    private static final String ADD_TO_COUNTERS = """
            INSERT INTO synclog.sync_logs AS l
                (id, sync_type, status, started_at, organization_id, patients_processed, patients_failed,
                 appointments_new, appointments_updated, appointments_unchanged, appointments_errors,
                 ehr_notes_synced, ehr_notes_failed, updated_at)
            VALUES ($1, $2, 'running', clock_timestamp(), $3, 1, $4, $5, $6, $7, $8, $9, $10, clock_timestamp())
            ON CONFLICT (id) DO UPDATE SET
                patients_processed = l.patients_processed + EXCLUDED.patients_processed,
                patients_failed = l.patients_failed + EXCLUDED.patients_failed,
                appointments_new = l.appointments_new + EXCLUDED.appointments_new,
                appointments_updated = l.appointments_updated + EXCLUDED.appointments_updated,
                appointments_unchanged = l.appointments_unchanged + EXCLUDED.appointments_unchanged,
                appointments_errors = l.appointments_errors + EXCLUDED.appointments_errors,
                ehr_notes_synced = l.ehr_notes_synced + EXCLUDED.ehr_notes_synced,
                ehr_notes_failed = l.ehr_notes_failed + EXCLUDED.ehr_notes_failed,
                -- a placeholder borrows the result's organization until RunStarted says (a cross-org run has none)
                organization_id = CASE
                                      WHEN l.patients_expected IS NULL
                                          THEN COALESCE(l.organization_id, EXCLUDED.organization_id)
                                      ELSE l.organization_id
                                  END,
                updated_at = EXCLUDED.updated_at
            """;

    private static final String ADD_ERROR = """
            UPDATE synclog.sync_logs
            SET metadata = metadata || jsonb_build_object('errors',
                    COALESCE(metadata -> 'errors', '{}'::jsonb)
                    || jsonb_build_object($2::text,
                           jsonb_build_object('reasonCode', $3::text, 'detail', $4::text, 'source', $5::text))),
                updated_at = clock_timestamp()
            WHERE id = $1
            """;

    /** Ends a run whose expected results are all in; a run that is not due (or already ended) is left alone. */
    private static final String FINALIZE = """
            UPDATE synclog.sync_logs AS l
            SET status = CASE
                             WHEN l.patients_failed = 0 THEN 'completed'
                             WHEN l.patients_failed = l.patients_processed THEN 'failed'
                             ELSE 'partial_success'
                         END,
                completed_at = n.ts,
                duration_ms = GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (n.ts - l.started_at)) * 1000))::bigint,
                updated_at = n.ts
            FROM (SELECT clock_timestamp() AS ts) AS n
            WHERE l.id = $1
              AND l.status = 'running'
              AND l.patients_expected IS NOT NULL
              AND l.patients_processed >= l.patients_expected
            RETURNING l.id, l.organization_id, l.sync_type, l.status
            """;

    /**
     * Ends every running run past its deadline as timed_out, naming up to 1000 listed patients that never reported.
     * The deadline is base + per patient x (the run's patients + the unanswered patients of the other running
     * appointment runs started before it or within base after it): a small organization's run fanned out with the
     * night's large ones waits for the same IntakeQ reads and is not ended while its commands are still queued. Guarded by status = 'running', so replicas sweeping at once end a run once.
     */
    private static final String TIME_OUT_OVERDUE = """
            UPDATE synclog.sync_logs AS l
            SET status = 'timed_out',
                completed_at = n.ts,
                duration_ms = GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (n.ts - l.started_at)) * 1000))::bigint,
                updated_at = n.ts,
                metadata = l.metadata || jsonb_build_object(
                    'missingCount', GREATEST(COALESCE(l.patients_expected, 0) - l.patients_processed, 0),
                    'missingPatients', COALESCE((
                        SELECT jsonb_agg(m.patient_id ORDER BY m.patient_id)
                        FROM (SELECT e.patient_id FROM synclog.sync_run_expected e
                              WHERE e.run_id = l.id
                                AND NOT EXISTS (SELECT 1 FROM synclog.sync_run_results r
                                                WHERE r.run_id = e.run_id AND r.patient_id = e.patient_id)
                              ORDER BY e.patient_id LIMIT 1000) m), '[]'::jsonb))
            FROM (SELECT clock_timestamp() AS ts) AS n
            WHERE l.status = 'running'
              AND l.started_at + make_interval(secs => $1 + $2 * (COALESCE(l.patients_expected, 0) + COALESCE((
                    -- appointment work queued ahead of or alongside this run (the same IntakeQ reads serve it)
                    SELECT sum(GREATEST(COALESCE(o.patients_expected, 0) - o.patients_processed, 0))
                    FROM synclog.sync_logs o
                    WHERE o.status = 'running' AND o.id <> l.id AND o.sync_type <> 'ehr' AND l.sync_type <> 'ehr'
                      AND o.started_at < l.started_at + make_interval(secs => $1)), 0))) < n.ts
            RETURNING l.id, l.organization_id, l.sync_type, l.status
            """;

    private static final String INSERT_EXPECTED = """
            INSERT INTO synclog.sync_run_expected (run_id, patient_id)
            SELECT $1, p FROM unnest($2::uuid[]) AS p
            ON CONFLICT DO NOTHING
            """;

    private static final String VIEW_COLUMNS = """
            id, sync_type, status, organization_id, triggered_by, business_date, started_at, completed_at,
            duration_ms, patients_expected, patients_processed, patients_failed, appointments_new,
            appointments_updated, appointments_unchanged, appointments_errors, ehr_notes_synced, ehr_notes_failed,
            synclog.progress_percent(patients_processed, patients_expected) AS progress_percent,
            synclog.error_count(metadata) AS error_count, updated_at
            """;

    private static final String FIND_BY_ID = "SELECT " + VIEW_COLUMNS + ", metadata -> 'errors' AS errors,"
            + " metadata -> 'missingPatients' AS missing_patients"
            + " FROM synclog.sync_logs WHERE id = $1";

    private static final String LIST = "SELECT " + VIEW_COLUMNS + """
             FROM synclog.sync_logs
            WHERE ($1::uuid IS NULL OR organization_id = $1::uuid)
              AND ($2::text IS NULL OR status = $2::text)
              AND ($3::text IS NULL OR sync_type = $3::text)
            ORDER BY started_at DESC, id
            LIMIT $4
            """;

    private static final String RECENT = """
            SELECT * FROM synclog.v_recent_sync_activity
            WHERE ($1::uuid IS NULL OR organization_id = $1::uuid)
              AND ($3::text[] IS NULL OR sync_type = ANY($3::text[]))
            ORDER BY started_at DESC, id
            LIMIT $2
            """;

    private final Pool pool;

    public SyncLogRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates or completes the run's row from its RunStarted; true when the row changed. */
    public Uni<Boolean> upsertRunStarted(SqlConnection tx, RunStarted event, LocalDate businessDate) {
        Tuple params = Tuple.tuple()
                .addUUID(event.runId())
                .addString(event.syncType().wire())
                .addOffsetDateTime(utc(event.startedAt()))
                .addInteger(event.expectedPatients())
                .addString(event.triggeredBy())
                .addUUID(event.organizationId())
                .addLocalDate(businessDate);
        return tx.preparedQuery(UPSERT_RUN_STARTED)
                .execute(params)
                .map(rows -> rows.rowCount() > 0);
    }

    /** Stores the result under (run, patient, source); false when that key was already there. */
    public Uni<Boolean> insertResult(SqlConnection tx, SyncResult result, String reasonCode) {
        Tuple params = Tuple.tuple()
                .addUUID(result.runId())
                .addUUID(result.patientId())
                .addString(result.source())
                .addUUID(result.messageId())
                .addUUID(result.organizationId())
                .addString(result.status().wire())
                .addString(reasonCode)
                .addString(result.detail())
                .addInteger(result.appointmentsNew())
                .addInteger(result.appointmentsUpdated())
                .addInteger(result.appointmentsUnchanged())
                .addInteger(result.appointmentsErrors())
                .addLong(result.durationMs())
                .addOffsetDateTime(utc(result.completedAt()));
        return tx.preparedQuery(INSERT_RESULT)
                .execute(params)
                .map(rows -> rows.rowCount() > 0);
    }

    /** Adds {@code delta} to the run's counters, creating a placeholder row of {@code placeholderType}. */
    public Uni<Void> addToCounters(SqlConnection tx, UUID runId, String placeholderType, UUID organizationId,
            CounterDelta delta) {
        Tuple params = Tuple.tuple()
                .addUUID(runId)
                .addString(placeholderType)
                .addUUID(organizationId)
                .addInteger(delta.patientsFailed())
                .addInteger(delta.appointmentsNew())
                .addInteger(delta.appointmentsUpdated())
                .addInteger(delta.appointmentsUnchanged())
                .addInteger(delta.appointmentsErrors())
                .addInteger(delta.ehrNotesSynced())
                .addInteger(delta.ehrNotesFailed());
        return tx.preparedQuery(ADD_TO_COUNTERS)
                .execute(params)
                .replaceWithVoid();
    }

    /** Puts {@code error} under {@code metadata.errors.<patientId>} of the run. */
    public Uni<Void> addError(SqlConnection tx, UUID runId, UUID patientId, PatientError error) {
        Tuple params = Tuple.tuple()
                .addUUID(runId)
                .addString(patientId.toString())
                .addString(error.reasonCode())
                .addString(error.detail())
                .addString(error.source());
        return tx.preparedQuery(ADD_ERROR)
                .execute(params)
                .replaceWithVoid();
    }

    /** Ends the run when all expected results are in; the status it ended with, empty when it goes on. */
    public Uni<Optional<EndedRun>> finalizeIfDue(SqlConnection tx, UUID runId) {
        return tx.preparedQuery(FINALIZE)
                .execute(Tuple.of(runId))
                .map(rows -> firstRow(rows).map(SyncLogRepository::toEnded));
    }

    /** Ends overdue runs as timed_out; returns the runs it ended. */
    public Uni<List<EndedRun>> timeOutOverdue(Duration base, Duration perPatient) {
        return pool.preparedQuery(TIME_OUT_OVERDUE)
                .execute(Tuple.of(base.toMillis() / 1000.0, perPatient.toMillis() / 1000.0))
                .map(rows -> rows.stream().map(SyncLogRepository::toEnded).toList());
    }

    /** Records that the broker has the announcement of the run's end. */
    public Uni<Void> markEndAnnounced(UUID runId) {
        return pool.preparedQuery("UPDATE synclog.sync_logs SET end_announced_at = now() WHERE id = $1 AND end_announced_at IS NULL")
                .execute(Tuple.of(runId))
                .replaceWithVoid();
    }

    /** Ended runs whose end the broker has not confirmed for {@code graceSeconds}, oldest first, at most {@code limit}. */
    public Uni<List<EndedRun>> unannouncedEnds(double graceSeconds, int limit) {
        return pool.preparedQuery("""
                SELECT id, organization_id, sync_type, status FROM synclog.sync_logs
                WHERE status <> 'running' AND end_announced_at IS NULL
                  AND completed_at < now() - $1 * interval '1 second'
                ORDER BY completed_at LIMIT $2""")
                .execute(Tuple.of(graceSeconds, limit))
                .map(rows -> rows.stream().map(SyncLogRepository::toEnded).toList());
    }

    /** Records the patients a run listed in its RunStarted. */
    public Uni<Void> insertExpected(SqlConnection tx, UUID runId, List<UUID> patientIds) {
        if (patientIds == null || patientIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(INSERT_EXPECTED)
                .execute(Tuple.of(runId, patientIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    private static EndedRun toEnded(Row row) {
        return new EndedRun(row.getUUID("id"), row.getUUID("organization_id"), row.getString("sync_type"),
                RunStatus.fromWire(row.getString("status")).orElseThrow());
    }

    /** The run with its per-patient errors, empty when there is no such run. */
    public Uni<Optional<SyncLogView>> findById(UUID id) {
        return pool.preparedQuery(FIND_BY_ID)
                .execute(Tuple.of(id))
                .map(rows -> firstRow(rows).map(row -> toView(row, errors(row.getJsonObject("errors")),
                        missing(row.getValue("missing_patients")))));
    }

    /** Runs matching {@code filter}, newest first, without per-patient errors. */
    public Uni<List<SyncLogView>> list(SyncLogFilter filter) {
        Tuple params = Tuple.tuple()
                .addUUID(filter.organizationId())
                .addString(filter.status() == null ? null : filter.status().wire())
                .addString(filter.syncType() == null ? null : filter.syncType().wire())
                .addInteger(filter.limit());
        return pool.preparedQuery(LIST)
                .execute(params)
                .map(rows -> rows.stream().map(row -> toView(row, null, null)).toList());
    }

    /** Rows of {@code v_recent_sync_activity} (of {@code syncTypes} only, when not null), newest first. */
    public Uni<List<SyncLogView>> recent(UUID organizationId, List<String> syncTypes, int limit) {
        Tuple params = Tuple.tuple()
                .addUUID(organizationId)
                .addInteger(limit)
                .addArrayOfString(syncTypes == null ? null : syncTypes.toArray(String[]::new));
        return pool.preparedQuery(RECENT)
                .execute(params)
                .map(rows -> rows.stream().map(row -> toView(row, null, null)).toList());
    }

    private static Optional<Row> firstRow(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static SyncLogView toView(Row row, Map<String, PatientError> errors, List<UUID> missingPatients) {
        return new SyncLogView(
                row.getUUID("id"),
                row.getString("sync_type"),
                row.getString("status"),
                row.getUUID("organization_id"),
                row.getString("triggered_by"),
                row.getLocalDate("business_date"),
                instant(row.getOffsetDateTime("started_at")),
                instant(row.getOffsetDateTime("completed_at")),
                row.getLong("duration_ms"),
                row.getInteger("patients_expected"),
                row.getInteger("patients_processed"),
                row.getInteger("patients_failed"),
                row.getInteger("appointments_new"),
                row.getInteger("appointments_updated"),
                row.getInteger("appointments_unchanged"),
                row.getInteger("appointments_errors"),
                row.getInteger("ehr_notes_synced"),
                row.getInteger("ehr_notes_failed"),
                row.getInteger("progress_percent"),
                row.getInteger("error_count"),
                errors,
                missingPatients,
                instant(row.getOffsetDateTime("updated_at")));
    }

    private static List<UUID> missing(Object json) {
        if (!(json instanceof io.vertx.core.json.JsonArray array)) {
            return null;
        }
        return array.stream().map(id -> UUID.fromString(id.toString())).toList();
    }

    private static Map<String, PatientError> errors(JsonObject json) {
        Map<String, PatientError> errors = new LinkedHashMap<>();
        if (json == null) {
            return errors;
        }
        for (String patientId : json.fieldNames()) {
            Object entry = json.getValue(patientId);
            if (entry instanceof JsonObject e) {
                errors.put(patientId, new PatientError(e.getString("reasonCode"), e.getString("detail"),
                        e.getString("source")));
            }
        }
        return errors;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
