package io.recoverysync.appointments.repository;

import io.recoverysync.appointments.service.AppointmentDiff;
import io.recoverysync.appointments.service.AppointmentDiff.Stored;
import io.recoverysync.appointments.service.AppointmentDiff.Upsert;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** SQL for the dashboard's appointments, the practitioners' providers they show, the processed-command ledger and the patients' sync state (schema {@code appointments}). */
@ApplicationScoped
public class AppointmentRepository {
    private final Pool pool;

    public AppointmentRepository(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** The result already recorded for a command, or null. */
    public Uni<SyncResult> storedResult(UUID messageId) {
        return pool.preparedQuery("SELECT result FROM appointments.processed_commands WHERE message_id = $1")
                .execute(Tuple.of(messageId))
                .map(rows -> rows.size() == 0 ? null : toResult(rows.iterator().next()));
    }

    /**
     * Claims a command inside the caller's transaction; false when it was already handled (its stored result is
     * then the answer). Two consumers racing on one command serialise on the primary key.
     */
    public Uni<Boolean> claim(SqlConnection conn, SyncCommand command) {
        return conn.preparedQuery("""
                INSERT INTO appointments.processed_commands (message_id, run_id, patient_id)
                VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(command.messageId(), command.runId(), command.patientId()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> saveResult(SqlConnection conn, SyncResult result, UUID commandId) {
        return conn.preparedQuery("UPDATE appointments.processed_commands SET result = $2 WHERE message_id = $1")
                .execute(Tuple.of(commandId, new JsonObject(json(result))))
                .replaceWithVoid();
    }

    public Uni<SyncResult> storedResult(SqlConnection conn, UUID messageId) {
        return conn.preparedQuery("SELECT result FROM appointments.processed_commands WHERE message_id = $1")
                .execute(Tuple.of(messageId))
                .map(rows -> rows.size() == 0 ? null : toResult(rows.iterator().next()));
    }

    public Uni<Map<String, UUID>> providers(SqlConnection conn, Set<String> practitionerIds) {
        return conn.preparedQuery("""
                SELECT intakeq_practitioner_id, provider_id FROM appointments.provider_intakeq_settings
                WHERE active AND intakeq_practitioner_id = ANY($1)""")
                .execute(Tuple.of(practitionerIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, UUID> map = new HashMap<>();
                    rows.forEach(r -> map.put(r.getString("intakeq_practitioner_id"), r.getUUID("provider_id")));
                    return map;
                });
    }

    /** Serialises the syncs of one patient until the caller's transaction ends (also before it has any rows). */
    public Uni<Void> lockPatient(SqlConnection conn, UUID patientId) {
        return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))")
                .execute(Tuple.of(patientId.toString()))
                .replaceWithVoid();
    }

    /** The patient's stored appointments, locked so concurrent syncs of one patient apply one after the other. */
    public Uni<Map<String, Stored>> storedForPatient(SqlConnection conn, UUID patientId) {
        return conn.preparedQuery("""
                SELECT intakeq_appointment_id, content_hash, status, start_at, duration_minutes,
                       intakeq_practitioner_id, telehealth_url, location_name, service_name
                FROM appointments.appointments WHERE patient_id = $1 FOR UPDATE""")
                .execute(Tuple.of(patientId))
                .map(rows -> {
                    Map<String, Stored> map = new HashMap<>();
                    rows.forEach(r -> map.put(r.getString("intakeq_appointment_id"), new Stored(
                            r.getString("intakeq_appointment_id"), r.getString("content_hash"), r.getString("status"),
                            r.getOffsetDateTime("start_at").toInstant(), r.getInteger("duration_minutes"),
                            r.getString("intakeq_practitioner_id"), r.getString("telehealth_url"),
                            r.getString("location_name"), r.getString("service_name"))));
                    return map;
                });
    }

    /** Inserts or updates the patient's appointments; an appointment belongs to its patient, not to an organization. */
    public Uni<Void> upsert(SqlConnection conn, UUID patientId, List<Upsert> upserts) {
        if (upserts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(upserts.size());
        for (Upsert u : upserts) {
            var a = u.appointment();
            batch.add(Tuple.tuple()
                    .addValue(a.id())
                    .addValue(patientId)
                    .addValue(u.providerId())
                    .addValue(a.practitionerId())
                    .addValue(a.clientId())
                    .addValue(a.status() == null ? "Unknown" : a.status())
                    .addValue(utc(a.start()))
                    .addValue(utc(a.end()))
                    .addValue(a.durationMinutes())
                    .addValue(a.serviceName())
                    .addValue(a.locationName())
                    .addValue(a.telehealthUrl())
                    .addValue(utc(a.lastModified()))
                    .addValue(u.contentHash()));
        }
        return conn.preparedQuery("""
                INSERT INTO appointments.appointments (intakeq_appointment_id, patient_id, provider_id,
                    intakeq_practitioner_id, intakeq_client_id, status, start_at, end_at, duration_minutes, service_name,
                    location_name, telehealth_url, intakeq_last_modified, content_hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                ON CONFLICT (intakeq_appointment_id) DO UPDATE SET
                    patient_id = EXCLUDED.patient_id, organization_id = NULL,
                    provider_id = EXCLUDED.provider_id, intakeq_practitioner_id = EXCLUDED.intakeq_practitioner_id,
                    intakeq_client_id = EXCLUDED.intakeq_client_id, status = EXCLUDED.status,
                    start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, duration_minutes = EXCLUDED.duration_minutes,
                    service_name = EXCLUDED.service_name, location_name = EXCLUDED.location_name,
                    telehealth_url = EXCLUDED.telehealth_url, intakeq_last_modified = EXCLUDED.intakeq_last_modified,
                    content_hash = EXCLUDED.content_hash, last_synced_at = now(), last_changed_at = now()""")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    public Uni<Void> markRemoved(SqlConnection conn, List<String> intakeqIds) {
        if (intakeqIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = intakeqIds.stream()
                .map(id -> Tuple.of(id, AppointmentDiff.REMOVED_STATUS, AppointmentDiff.removedHash(id)))
                .toList();
        return conn.preparedQuery("""
                UPDATE appointments.appointments SET status = $2, content_hash = $3, last_synced_at = now(),
                    last_changed_at = now() WHERE intakeq_appointment_id = $1""")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    public Uni<Void> touch(SqlConnection conn, List<String> intakeqIds) {
        if (intakeqIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                UPDATE appointments.appointments SET last_synced_at = now()
                WHERE intakeq_appointment_id = ANY($1)""")
                .execute(Tuple.of(intakeqIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Whether the patient was synced before (a command's answer or a webhook's change is recorded). */
    public Uni<Boolean> syncedBefore(SqlConnection conn, UUID patientId) {
        return conn.preparedQuery("SELECT 1 FROM appointments.patient_sync_state WHERE patient_id = $1")
                .execute(Tuple.of(patientId))
                .map(rows -> rows.size() > 0);
    }

    /** Records the patient's newest sync (a command's answer or a webhook's change) and its outcome. */
    public Uni<Void> recordSynced(SqlConnection conn, UUID patientId, String outcome, String reason, String source) {
        return conn.preparedQuery("""
                INSERT INTO appointments.patient_sync_state (patient_id, last_synced_at, last_outcome, last_reason,
                    last_source)
                VALUES ($1, now(), $2, $3, $4)
                ON CONFLICT (patient_id) DO UPDATE SET last_synced_at = now(), last_outcome = EXCLUDED.last_outcome,
                    last_reason = EXCLUDED.last_reason, last_source = EXCLUDED.last_source, updated_at = now()""")
                .execute(Tuple.of(patientId, outcome, reason, source))
                .replaceWithVoid();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** The patient's newest 500 appointments for the dashboard (which organizations see them is the roster's business). */
    public Uni<List<Row>> forPatient(UUID patientId) {
        return pool.preparedQuery("""
                SELECT * FROM appointments.appointments WHERE patient_id = $1 ORDER BY start_at DESC LIMIT 500""")
                .execute(Tuple.of(patientId))
                .map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                });
    }

    private static String json(SyncResult result) {
        try {
            return ContractJson.mapper().writeValueAsString(result);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static SyncResult toResult(Row row) {
        JsonObject json = row.getJsonObject("result");
        if (json == null) {
            return null;
        }
        try {
            return ContractJson.mapper().readValue(json.encode(), SyncResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
