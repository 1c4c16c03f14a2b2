package io.recoverysync.appointments.repository;

import static io.recoverysync.appointments.repository.MirrorRepository.instant;
import static io.recoverysync.appointments.repository.MirrorRepository.utc;

import io.recoverysync.appointments.PendingCommand;
import io.recoverysync.appointments.TraceCarrier;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL of {@code pending_commands}: commands taken off Kafka that wait for the mirror (or a read of their client),
 * claimed by pushing {@code due_at} forward so one worker at a time answers each.
 */
@ApplicationScoped
public class PendingCommandRepository {
    private final Pool pool;

    public PendingCommandRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records the command unless it is already waiting (a redelivery). {@code freshFrom} is capped at now: a command
     * issued by a clock running ahead cannot ask for a read from the future.
     */
    public Uni<Void> add(SyncCommand c, Instant freshFrom, TraceCarrier trace) {
        return pool.preparedQuery("""
                INSERT INTO appointments.pending_commands (message_id, run_id, patient_id, organization_id, sync_type,
                    issued_at, fresh_from, trace_parent, trace_state)
                VALUES ($1, $2, $3, $4, $5, $6, LEAST($7, now()), $8, $9) ON CONFLICT (message_id) DO NOTHING""")
                .execute(Tuple.tuple().addUUID(c.messageId()).addUUID(c.runId()).addUUID(c.patientId())
                        .addUUID(c.organizationId()).addString(c.syncType().wire())
                        .addOffsetDateTime(utc(c.issuedAt())).addOffsetDateTime(utc(freshFrom))
                        .addString(trace.traceParent()).addString(trace.traceState()))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due commands for {@code lease}: single-patient refreshes first, then bulk, then
     * nightly; within a lane the least recently synced patients first.
     */
    public Uni<List<PendingCommand>> claim(int limit, Duration lease) {
        return pool.preparedQuery("""
                WITH due AS (
                    SELECT p.message_id FROM appointments.pending_commands p
                    LEFT JOIN appointments.patient_sync_state s ON s.patient_id = p.patient_id
                    WHERE p.due_at <= now()
                    ORDER BY CASE p.sync_type WHEN 'manual_patient' THEN 0 WHEN 'manual_bulk' THEN 1 ELSE 2 END,
                             s.last_synced_at NULLS FIRST, p.received_at
                    LIMIT $1 FOR UPDATE OF p SKIP LOCKED)
                UPDATE appointments.pending_commands p
                SET due_at = now() + make_interval(secs => $2), attempts = p.attempts + 1
                FROM due WHERE p.message_id = due.message_id
                RETURNING p.*""")
                .execute(Tuple.of(limit, lease.toMillis() / 1000.0))
                .map(rows -> {
                    List<PendingCommand> list = new ArrayList<>(rows.size());
                    rows.forEach(r -> list.add(of(r)));
                    return list;
                });
    }

    /**
     * The commands keep waiting; each is looked at again after {@code recheck}, doubled with every look up to
     * {@code max} (a completed read wakes them all at once, {@link #wakeAll()}).
     */
    public Uni<Void> recheckLater(List<UUID> messageIds, Duration recheck, Duration max) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                UPDATE appointments.pending_commands
                SET due_at = now() + make_interval(secs => LEAST($3, $2 * power(2, LEAST(attempts - 1, 12))))
                WHERE message_id = ANY($1)""")
                .execute(Tuple.of(messageIds.toArray(UUID[]::new), recheck.toMillis() / 1000.0, max.toMillis() / 1000.0))
                .replaceWithVoid();
    }

    /** The command's result is on the broker. */
    public Uni<Void> done(UUID messageId) {
        return pool.preparedQuery("DELETE FROM appointments.pending_commands WHERE message_id = $1")
                .execute(Tuple.of(messageId))
                .replaceWithVoid();
    }

    /** Makes every waiting command due now (a read they waited for has just completed). */
    public Uni<Void> wakeAll() {
        return pool.query("UPDATE appointments.pending_commands SET due_at = now() WHERE due_at > now() AND attempts > 0")
                .execute()
                .replaceWithVoid();
    }

    /** Makes one patient's waiting commands due now (a read of its client has just completed). */
    public Uni<Void> wakePatient(UUID patientId) {
        return pool.preparedQuery("UPDATE appointments.pending_commands SET due_at = now() WHERE patient_id = $1 AND due_at > now()")
                .execute(Tuple.of(patientId))
                .replaceWithVoid();
    }

    /** The waiting commands' patients with their freshest need (newest fresh_from) and lane, oldest need first. */
    public record PatientNeed(UUID patientId, Instant freshFrom, String syncType) {
    }

    public Uni<List<PatientNeed>> patientNeeds(int limit) {
        return pool.preparedQuery("""
                SELECT patient_id, max(fresh_from) AS fresh_from,
                       (array_agg(sync_type ORDER BY CASE sync_type WHEN 'manual_patient' THEN 0
                            WHEN 'manual_bulk' THEN 1 ELSE 2 END))[1] AS sync_type
                FROM appointments.pending_commands GROUP BY patient_id ORDER BY min(received_at) LIMIT $1""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<PatientNeed> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new PatientNeed(r.getUUID("patient_id"), instant(r, "fresh_from"),
                            r.getString("sync_type"))));
                    return list;
                });
    }

    public Uni<Long> count() {
        return pool.query("SELECT count(*) FROM appointments.pending_commands").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static PendingCommand of(Row r) {
        return new PendingCommand(r.getUUID("message_id"), r.getUUID("run_id"), r.getUUID("patient_id"),
                r.getUUID("organization_id"), SyncType.fromWire(r.getString("sync_type")), instant(r, "issued_at"),
                instant(r, "fresh_from"), instant(r, "received_at"),
                new TraceCarrier(r.getString("trace_parent"), r.getString("trace_state")));
    }
}
