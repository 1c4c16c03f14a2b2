package io.recoverysync.appointments.repository;

import static io.recoverysync.appointments.repository.MirrorRepository.instant;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL of {@code webhook_events}: IntakeQ webhooks recorded before they are answered, until they are applied. */
@ApplicationScoped
public class WebhookRepository {
    private final Pool pool;

    public WebhookRepository(Pool pool) {
        this.pool = pool;
    }

    /** A recorded webhook (ids only). */
    public record Event(long id, String eventType, String appointmentId, Integer clientId, Instant receivedAt,
            int attempts) {
    }

    /** Records the event; false when an identical delivery was recorded before (a repeat). */
    public Uni<Boolean> record(String dedupeKey, String eventType, String appointmentId, Integer clientId) {
        return pool.preparedQuery("""
                INSERT INTO appointments.webhook_events (dedupe_key, event_type, intakeq_appointment_id, intakeq_client_id)
                VALUES ($1, $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING""")
                .execute(Tuple.of(dedupeKey, eventType, appointmentId, clientId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Claims up to {@code limit} due events for {@code lease}, oldest first. */
    public Uni<List<Event>> claim(int limit, Duration lease) {
        return pool.preparedQuery("""
                WITH due AS (
                    SELECT id FROM appointments.webhook_events
                    WHERE processed_at IS NULL AND due_at <= now()
                    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
                UPDATE appointments.webhook_events e
                SET due_at = now() + make_interval(secs => $2), attempts = e.attempts + 1
                FROM due WHERE e.id = due.id
                RETURNING e.id, e.event_type, e.intakeq_appointment_id, e.intakeq_client_id, e.received_at, e.attempts""")
                .execute(Tuple.of(limit, lease.toMillis() / 1000.0))
                .map(rows -> {
                    List<Event> events = new ArrayList<>();
                    rows.forEach(r -> events.add(new Event(r.getLong("id"), r.getString("event_type"),
                            r.getString("intakeq_appointment_id"), r.getInteger("intakeq_client_id"),
                            instant(r, "received_at"), r.getInteger("attempts"))));
                    return events;
                });
    }

    /** The events were applied (or found to need nothing); {@code outcome} says which. */
    public Uni<Void> processed(List<Long> ids, String outcome) {
        return pool.preparedQuery("""
                UPDATE appointments.webhook_events SET processed_at = now(), outcome = $2 WHERE id = ANY($1)""")
                .execute(Tuple.of(ids.toArray(Long[]::new), outcome))
                .replaceWithVoid();
    }

    /** The events could not be applied now (quota, IntakeQ down); they are tried again after {@code delay}. */
    public Uni<Void> retryLater(List<Long> ids, Duration delay) {
        return pool.preparedQuery("""
                UPDATE appointments.webhook_events SET due_at = now() + make_interval(secs => $2) WHERE id = ANY($1)""")
                .execute(Tuple.of(ids.toArray(Long[]::new), delay.toMillis() / 1000.0))
                .replaceWithVoid();
    }

    /** Deletes events processed longer than {@code retention} ago; how many. */
    public Uni<Integer> purge(Duration retention) {
        return pool.preparedQuery("""
                DELETE FROM appointments.webhook_events
                WHERE processed_at IS NOT NULL AND processed_at < now() - make_interval(secs => $1)""")
                .execute(Tuple.of(retention.toSeconds() * 1.0))
                .map(rows -> rows.rowCount());
    }

    public Uni<Long> pending() {
        return pool.query("SELECT count(*) FROM appointments.webhook_events WHERE processed_at IS NULL").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
