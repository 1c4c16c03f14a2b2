package io.recoverysync.appointments.repository;

import io.recoverysync.appointments.MirrorState;
import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.contracts.ReasonCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL of the practice mirror: {@code intakeq_mirror} (IntakeQ's appointments of roster clients),
 * {@code mirror_clients} (which clients it covers since when) and {@code mirror_state} (one row per account: the
 * reader's lease and the newest complete and failed reads).
 */
@ApplicationScoped
public class MirrorRepository {
    private final Pool pool;
    private final String account;

    public MirrorRepository(Pool pool, AppointmentSyncConfig config) {
        this.pool = pool;
        this.account = config.mirror().account();
    }

    /** A lease on the account's reading: the read's sequence number and when it started (the database's clock). */
    public record Lease(long seq, Instant startedAt) {
    }

    /** One mirrored appointment that a complete read did not return. */
    public record Unseen(String intakeqId, int clientId, Instant startAt) {
    }

    /** Creates the account's state row if this is the account's first start. */
    public Uni<Void> ensureAccount() {
        return pool.preparedQuery("INSERT INTO appointments.mirror_state (account) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(account))
                .replaceWithVoid();
    }

    public Uni<MirrorState> state() {
        return pool.preparedQuery("SELECT * FROM appointments.mirror_state WHERE account = $1")
                .execute(Tuple.of(account))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new MirrorState(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
                    }
                    Row r = rows.iterator().next();
                    return new MirrorState(instant(r, "last_read_started_at"), instant(r, "last_read_completed_at"),
                            r.getString("last_read_kind"), r.getInteger("last_read_requests"),
                            instant(r, "last_full_started_at"), r.getInteger("last_full_requests"),
                            instant(r, "high_water_modified"), r.getString("reader"),
                            r.getString("reading_kind"), instant(r, "reading_started_at"), instant(r, "lease_until"),
                            r.getString("last_failure_reason"), r.getString("last_failure_detail"),
                            instant(r, "last_failure_started_at"));
                });
    }

    /** Takes the account's reading for {@code reader} unless another replica's lease is still running; null then. */
    public Uni<Lease> takeLease(String reader, String kind, Duration lease) {
        return pool.preparedQuery("""
                UPDATE appointments.mirror_state SET reader = $2, lease_until = now() + make_interval(secs => $3),
                    read_seq = read_seq + 1, reading_kind = $4, reading_started_at = now(), updated_at = now()
                WHERE account = $1 AND (lease_until IS NULL OR lease_until < now() OR reader = $2)
                RETURNING read_seq, reading_started_at""")
                .execute(Tuple.of(account, reader, seconds(lease), kind))
                .map(rows -> rows.size() == 0 ? null
                        : new Lease(rows.iterator().next().getLong("read_seq"), instant(rows.iterator().next(), "reading_started_at")));
    }

    /** Extends the lease; false when another replica has taken the reading over. */
    public Uni<Boolean> renewLease(String reader, Duration lease) {
        return pool.preparedQuery("""
                UPDATE appointments.mirror_state SET lease_until = now() + make_interval(secs => $3)
                WHERE account = $1 AND reader = $2""")
                .execute(Tuple.of(account, reader, seconds(lease)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records a complete practice read (the lease stays with the reader). */
    public Uni<Void> readCompleted(String reader, String kind, Instant startedAt, boolean full, Instant highWater,
            int requests) {
        return pool.preparedQuery("""
                UPDATE appointments.mirror_state SET last_read_started_at = GREATEST(last_read_started_at, $3),
                    last_read_completed_at = now(), last_read_kind = $4, last_read_requests = $5,
                    last_full_started_at = CASE WHEN $6 THEN GREATEST(last_full_started_at, $3) ELSE last_full_started_at END,
                    last_full_requests = CASE WHEN $6 THEN $5 ELSE last_full_requests END,
                    high_water_modified = GREATEST(high_water_modified, $7),
                    last_failure_reason = NULL, last_failure_detail = NULL, last_failure_started_at = NULL,
                    updated_at = now()
                WHERE account = $1 AND reader = $2""")
                .execute(Tuple.tuple().addString(account).addString(reader).addOffsetDateTime(utc(startedAt))
                        .addString(kind).addInteger(requests).addBoolean(full).addOffsetDateTime(utc(highWater)))
                .replaceWithVoid();
    }

    /** Records a practice read that failed; the commands that wanted it are answered with the reason. */
    public Uni<Void> readFailed(String reader, Instant startedAt, ReasonCode reason, String detail) {
        return pool.preparedQuery("""
                UPDATE appointments.mirror_state SET last_failure_reason = $3, last_failure_detail = $4,
                    last_failure_started_at = $5, updated_at = now()
                WHERE account = $1 AND reader = $2""")
                .execute(Tuple.of(account, reader, reason.name(), detail, utc(startedAt)))
                .replaceWithVoid();
    }

    /** Gives the lease up. */
    public Uni<Void> releaseLease(String reader) {
        return pool.preparedQuery("""
                UPDATE appointments.mirror_state SET reader = NULL, lease_until = NULL, reading_kind = NULL,
                    reading_started_at = NULL WHERE account = $1 AND reader = $2""")
                .execute(Tuple.of(account, reader))
                .replaceWithVoid();
    }

    /** The IntakeQ clients of active roster patients: from the roster view, and resolved from emails. */
    public Uni<Set<Integer>> rosterClients() {
        return pool.query("""
                SELECT intakeq_client_id FROM appointments.roster_affiliations
                WHERE status = 'active' AND intakeq_client_id IS NOT NULL
                UNION
                SELECT l.intakeq_client_id FROM appointments.client_links l
                WHERE l.outcome = 'linked' AND EXISTS (SELECT 1 FROM appointments.roster_affiliations r
                    WHERE r.patient_id = l.patient_id AND r.status = 'active')""")
                .execute()
                .map(rows -> {
                    Set<Integer> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(r.getInteger(0)));
                    return ids;
                });
    }

    /** Stores what IntakeQ returned (roster clients only), marking it seen by read {@code seq} (null: not a listing). */
    public Uni<Void> upsert(SqlClient client, List<IntakeQAppointment> items, Long seq) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(items.size());
        for (IntakeQAppointment a : items) {
            batch.add(Tuple.tuple()
                    .addString(a.id())
                    .addInteger(a.clientId())
                    .addString(a.practitionerId())
                    .addString(a.status())
                    .addOffsetDateTime(utc(a.start()))
                    .addOffsetDateTime(utc(a.end()))
                    .addInteger(a.durationMinutes())
                    .addString(a.serviceName())
                    .addString(a.locationName())
                    .addString(a.telehealthUrl())
                    .addOffsetDateTime(utc(a.lastModified()))
                    .addLong(seq));
        }
        return client.preparedQuery("""
                INSERT INTO appointments.intakeq_mirror (intakeq_appointment_id, intakeq_client_id,
                    intakeq_practitioner_id, status, start_at, end_at, duration_minutes, service_name, location_name,
                    telehealth_url, intakeq_last_modified, seen_in_read)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (intakeq_appointment_id) DO UPDATE SET intakeq_client_id = EXCLUDED.intakeq_client_id,
                    intakeq_practitioner_id = EXCLUDED.intakeq_practitioner_id, status = EXCLUDED.status,
                    start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at,
                    duration_minutes = EXCLUDED.duration_minutes, service_name = EXCLUDED.service_name,
                    location_name = EXCLUDED.location_name, telehealth_url = EXCLUDED.telehealth_url,
                    intakeq_last_modified = EXCLUDED.intakeq_last_modified, gone_at = NULL,
                    seen_in_read = COALESCE(EXCLUDED.seen_in_read, intakeq_mirror.seen_in_read), updated_at = now()""")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    public Uni<Void> upsert(List<IntakeQAppointment> items, Long seq) {
        return upsert(pool, items, seq);
    }

    /** IntakeQ no longer has these (deleted, or confirmed gone from its client's window). */
    public Uni<Void> markGone(SqlClient client, Collection<String> intakeqIds) {
        if (intakeqIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("""
                UPDATE appointments.intakeq_mirror SET gone_at = now(), updated_at = now()
                WHERE intakeq_appointment_id = ANY($1) AND gone_at IS NULL""")
                .execute(Tuple.of(intakeqIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> markGone(Collection<String> intakeqIds) {
        return markGone(pool, intakeqIds);
    }

    /**
     * Mirrored appointments of {@code clients} starting in the window that read {@code seq} (a complete listing of
     * those clients' window) did not return.
     */
    public Uni<List<Unseen>> unseen(long seq, Collection<Integer> clients, Instant windowStart, Instant windowEnd) {
        return pool.preparedQuery("""
                SELECT intakeq_appointment_id, intakeq_client_id, start_at FROM appointments.intakeq_mirror
                WHERE gone_at IS NULL AND intakeq_client_id = ANY($1) AND start_at >= $2 AND start_at < $3
                  AND (seen_in_read IS NULL OR seen_in_read <> $4)""")
                .execute(Tuple.of(clients.toArray(Integer[]::new), utc(windowStart), utc(windowEnd), seq))
                .map(rows -> {
                    List<Unseen> unseen = new ArrayList<>();
                    rows.forEach(r -> unseen.add(new Unseen(r.getString("intakeq_appointment_id"),
                            r.getInteger("intakeq_client_id"), instant(r, "start_at"))));
                    return unseen;
                });
    }

    /** The mirror covers these clients as of a read started at {@code at}. */
    public Uni<Void> cover(Collection<Integer> clients, Instant at) {
        if (clients.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                INSERT INTO appointments.mirror_clients (intakeq_client_id, covered_at)
                SELECT unnest($1::int[]), $2
                ON CONFLICT (intakeq_client_id) DO UPDATE SET
                    covered_at = GREATEST(mirror_clients.covered_at, EXCLUDED.covered_at),
                    failure_reason = NULL, failure_detail = NULL, failed_at = NULL""")
                .execute(Tuple.of(clients.toArray(Integer[]::new), utc(at)))
                .replaceWithVoid();
    }

    /** A targeted read of the client failed; its waiting commands are answered with the reason. */
    public Uni<Void> clientReadFailed(int clientId, ReasonCode reason, String detail) {
        return pool.preparedQuery("""
                INSERT INTO appointments.mirror_clients (intakeq_client_id, failure_reason, failure_detail, failed_at)
                VALUES ($1, $2, $3, now())
                ON CONFLICT (intakeq_client_id) DO UPDATE SET failure_reason = EXCLUDED.failure_reason,
                    failure_detail = EXCLUDED.failure_detail, failed_at = EXCLUDED.failed_at""")
                .execute(Tuple.of(clientId, reason.name(), detail))
                .replaceWithVoid();
    }

    /** A client's coverage: when a complete read last included it, and the newest failure of a read of it alone. */
    public record Coverage(Instant coveredAt, String failureReason, String failureDetail, Instant failedAt) {
    }

    public Uni<Map<Integer, Coverage>> coverage(Collection<Integer> clients) {
        return pool.preparedQuery("SELECT * FROM appointments.mirror_clients WHERE intakeq_client_id = ANY($1)")
                .execute(Tuple.of(clients.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, Coverage> map = new HashMap<>();
                    rows.forEach(r -> map.put(r.getInteger("intakeq_client_id"), new Coverage(instant(r, "covered_at"),
                            r.getString("failure_reason"), r.getString("failure_detail"), instant(r, "failed_at"))));
                    return map;
                });
    }

    /**
     * Minimum necessary: forgets the appointments and coverage of clients that are no longer clients of an active
     * roster patient.
     */
    public Uni<Void> forgetOtherClients(Set<Integer> rosterClients) {
        Integer[] keep = rosterClients.toArray(Integer[]::new);
        return pool.preparedQuery("DELETE FROM appointments.intakeq_mirror WHERE intakeq_client_id IS NULL"
                        + " OR NOT (intakeq_client_id = ANY($1))")
                .execute(Tuple.of((Object) keep))
                .chain(() -> pool.preparedQuery("DELETE FROM appointments.mirror_clients WHERE NOT (intakeq_client_id = ANY($1))")
                        .execute(Tuple.of((Object) keep)))
                .replaceWithVoid();
    }

    /** The client's appointments starting in the window, as IntakeQ last showed them (gone ones left out). */
    public Uni<List<IntakeQAppointment>> forClient(SqlClient client, int clientId, Instant windowStart, Instant windowEnd) {
        return client.preparedQuery("""
                SELECT * FROM appointments.intakeq_mirror
                WHERE intakeq_client_id = $1 AND gone_at IS NULL AND start_at >= $2 AND start_at < $3""")
                .execute(Tuple.of(clientId, utc(windowStart), utc(windowEnd)))
                .map(rows -> {
                    List<IntakeQAppointment> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new IntakeQAppointment(r.getString("intakeq_appointment_id"),
                            r.getInteger("intakeq_client_id"), null, r.getString("status"), instant(r, "start_at"),
                            instant(r, "end_at"), r.getInteger("duration_minutes"), r.getString("intakeq_practitioner_id"),
                            r.getString("service_name"), r.getString("location_name"), r.getString("telehealth_url"),
                            instant(r, "intakeq_last_modified"), null)));
                    return list;
                });
    }

    /** The client of a mirrored appointment, null when it is not mirrored. */
    public Uni<Integer> clientOf(String intakeqId) {
        return pool.preparedQuery("SELECT intakeq_client_id FROM appointments.intakeq_mirror WHERE intakeq_appointment_id = $1")
                .execute(Tuple.of(intakeqId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger(0));
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
