package io.recoverysync.appointments.repository;

import io.recoverysync.appointments.AppointmentChange;
import io.recoverysync.appointments.ChangeSource;
import io.recoverysync.contracts.AppointmentsChanged;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.RosterAffiliation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The appointment change history ({@code appointment_changes}) and its outbox of {@code appointments.changed}
 * announcements ({@code change_announcements}), both written in the transaction that changed the appointments.
 */
@ApplicationScoped
public class ChangeRepository {
    private final Pool pool;

    public ChangeRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records the changes of one patient's appointments, made by {@code source} (and {@code runId}, if any). */
    public Uni<Void> record(SqlConnection conn, UUID patientId, List<AppointmentChange> changes, ChangeSource source,
            UUID runId) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(changes.size());
        for (AppointmentChange c : changes) {
            batch.add(Tuple.tuple()
                    .addString(c.intakeqAppointmentId())
                    .addUUID(patientId)
                    .addString(c.field().wire())
                    .addString(c.before())
                    .addString(c.after())
                    .addString(source.wire())
                    .addUUID(runId));
        }
        return conn.preparedQuery("""
                INSERT INTO appointments.appointment_changes (intakeq_appointment_id, patient_id, field, before_value,
                    after_value, source, run_id) VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    /** The organizations the patient is an active patient of, as this service's roster view holds them. */
    public Uni<List<UUID>> activeOrganizations(SqlConnection conn, UUID patientId) {
        return conn.preparedQuery("""
                SELECT organization_id FROM appointments.roster_affiliations
                WHERE patient_id = $1 AND status = $2 ORDER BY organization_id""")
                .execute(Tuple.of(patientId, RosterAffiliation.ACTIVE))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("organization_id")));
                    return ids;
                });
    }

    /** Puts an announcement in the outbox. */
    public Uni<Void> announce(SqlConnection conn, AppointmentsChanged message) {
        return conn.preparedQuery("""
                INSERT INTO appointments.change_announcements (message_id, patient_id, payload) VALUES ($1, $2, $3)""")
                .execute(Tuple.of(message.messageId(), message.patientId(), new JsonObject(json(message))))
                .replaceWithVoid();
    }

    /**
     * Marks up to {@code limit} unpublished announcements published, oldest first, inside the caller's transaction
     * (rows another replica is publishing are skipped), and answers them: the caller sends them before it commits,
     * so a failed send leaves them unpublished.
     */
    public Uni<List<AppointmentsChanged>> claimUnpublished(SqlConnection conn, int limit) {
        return conn.preparedQuery("""
                UPDATE appointments.change_announcements SET published_at = now()
                WHERE message_id IN (SELECT message_id FROM appointments.change_announcements
                                     WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING payload""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<AppointmentsChanged> claimed = new ArrayList<>();
                    rows.forEach(r -> claimed.add(read(r.getJsonObject("payload"))));
                    // RETURNING keeps no order: oldest change first, so a consumer sees one patient's changes in order
                    claimed.sort(java.util.Comparator.comparing(AppointmentsChanged::changedAt));
                    return claimed;
                });
    }

    /** Forgets changes older than {@code keepChanges} and announcements published before {@code keepPublished}. */
    public Uni<Void> purge(Duration keepChanges, Duration keepPublished) {
        return pool.preparedQuery("DELETE FROM appointments.appointment_changes WHERE changed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) keepChanges.toSeconds()))
                .chain(() -> pool.preparedQuery("""
                        DELETE FROM appointments.change_announcements
                        WHERE published_at < now() - make_interval(secs => $1)""")
                        .execute(Tuple.of((double) keepPublished.toSeconds())))
                .replaceWithVoid();
    }

    private static String json(AppointmentsChanged message) {
        try {
            return ContractJson.mapper().writeValueAsString(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AppointmentsChanged read(JsonObject payload) {
        try {
            return ContractJson.mapper().readValue(payload.encode(), AppointmentsChanged.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
