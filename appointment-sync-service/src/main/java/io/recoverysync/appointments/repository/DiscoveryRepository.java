package io.recoverysync.appointments.repository;

import io.recoverysync.appointments.client.IntakeQAppointment;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IntakeQ clients that practice reads see with appointments but that are on no active roster (tables
 * {@code discovered_clients} and {@code discovered_appointments}): for ops to add them to an organization.
 */
@ApplicationScoped
public class DiscoveryRepository {
    private final Pool pool;

    public DiscoveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** A discovered client: what IntakeQ shows of it, how many of its appointments were seen, and when. */
    public record Discovered(int intakeqClientId, String name, String email, long appointments, Instant nextAppointmentAt,
            Instant firstSeenAt, Instant lastSeenAt) {
    }

    /** Records the appointments (of clients on no roster) a practice read returned; those without a client are skipped. */
    public Uni<Void> record(List<IntakeQAppointment> appointments) {
        Map<Integer, IntakeQAppointment> byClient = new LinkedHashMap<>();
        List<Tuple> seen = new ArrayList<>();
        for (IntakeQAppointment a : appointments) {
            if (a.clientId() != null) {
                byClient.putIfAbsent(a.clientId(), a);
                seen.add(Tuple.of(a.id(), a.clientId(), MirrorRepository.utc(a.start())));
            }
        }
        if (seen.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> clients = byClient.values().stream()
                .map(a -> Tuple.of(a.clientId(), bounded(a.clientName()), bounded(a.clientEmail())))
                .toList();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO appointments.discovered_clients (intakeq_client_id, client_name, client_email)
                        VALUES ($1, $2, $3)
                        ON CONFLICT (intakeq_client_id) DO UPDATE SET seen_at = now(),
                            client_name = coalesce(EXCLUDED.client_name, discovered_clients.client_name),
                            client_email = coalesce(EXCLUDED.client_email, discovered_clients.client_email)""")
                .executeBatch(clients)
                .chain(() -> conn.preparedQuery("""
                        INSERT INTO appointments.discovered_appointments (intakeq_appointment_id, intakeq_client_id, start_at)
                        VALUES ($1, $2, $3)
                        ON CONFLICT (intakeq_appointment_id) DO UPDATE SET intakeq_client_id = EXCLUDED.intakeq_client_id,
                            start_at = EXCLUDED.start_at, seen_at = now()""")
                        .executeBatch(seen))
                .replaceWithVoid());
    }

    /** Forgets appointments IntakeQ deleted. */
    public Uni<Void> forgetAppointments(List<String> intakeqIds) {
        if (intakeqIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM appointments.discovered_appointments WHERE intakeq_appointment_id = ANY($1)")
                .execute(Tuple.of(intakeqIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /**
     * Minimum necessary: forgets clients that joined a roster (by client id, or linked by email), clients no read has
     * seen for 30 days, and the appointments left without their client or before {@code windowStart}.
     */
    public Uni<Void> purge(Instant windowStart) {
        return pool.withTransaction(conn -> conn.query("""
                        DELETE FROM appointments.discovered_clients d
                        WHERE d.seen_at < now() - interval '30 days'
                           OR EXISTS (SELECT 1 FROM appointments.roster_affiliations r
                                      WHERE r.intakeq_client_id = d.intakeq_client_id AND r.status = 'active')
                           OR EXISTS (SELECT 1 FROM appointments.client_links l
                                      WHERE l.intakeq_client_id = d.intakeq_client_id AND l.outcome = 'linked')""")
                .execute()
                .chain(() -> conn.preparedQuery("""
                        DELETE FROM appointments.discovered_appointments a
                        WHERE a.start_at < $1 OR NOT EXISTS (SELECT 1 FROM appointments.discovered_clients d
                                                             WHERE d.intakeq_client_id = a.intakeq_client_id)""")
                        .execute(Tuple.of(MirrorRepository.utc(windowStart))))
                .replaceWithVoid());
    }

    /**
     * A page of the discovered clients that are still on no active roster, the most appointments first, and how
     * many there are.
     */
    public Uni<List<Discovered>> page(int offset, int limit) {
        return pool.preparedQuery(ON_NO_ROSTER + """
                SELECT d.intakeq_client_id, d.client_name, d.client_email, d.first_seen_at, d.seen_at,
                       count(a.intakeq_appointment_id) AS appointments,
                       min(a.start_at) FILTER (WHERE a.start_at >= now()) AS next_start
                FROM open d LEFT JOIN appointments.discovered_appointments a ON a.intakeq_client_id = d.intakeq_client_id
                GROUP BY d.intakeq_client_id, d.client_name, d.client_email, d.first_seen_at, d.seen_at
                ORDER BY count(a.intakeq_appointment_id) DESC, d.intakeq_client_id OFFSET $1 LIMIT $2""")
                .execute(Tuple.of(offset, limit))
                .map(rows -> {
                    List<Discovered> list = new ArrayList<>();
                    rows.forEach(r -> list.add(discovered(r)));
                    return list;
                });
    }

    public Uni<Long> count() {
        return pool.query(ON_NO_ROSTER + "SELECT count(*) FROM open").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The discovered clients not on an active roster now (the roster view may have changed since the last purge). */
    private static final String ON_NO_ROSTER = """
            WITH open AS (
                SELECT d.intakeq_client_id, d.client_name, d.client_email, d.first_seen_at, d.seen_at
                FROM appointments.discovered_clients d
                WHERE NOT EXISTS (SELECT 1 FROM appointments.roster_affiliations r
                                  WHERE r.intakeq_client_id = d.intakeq_client_id AND r.status = 'active')
                  AND NOT EXISTS (SELECT 1 FROM appointments.client_links l
                                  WHERE l.intakeq_client_id = d.intakeq_client_id AND l.outcome = 'linked'))
            """;

    private static Discovered discovered(Row r) {
        return new Discovered(r.getInteger("intakeq_client_id"), r.getString("client_name"), r.getString("client_email"),
                r.getLong("appointments"), instant(r.getOffsetDateTime("next_start")),
                instant(r.getOffsetDateTime("first_seen_at")), instant(r.getOffsetDateTime("seen_at")));
    }

    private static String bounded(String text) {
        return text == null ? null : text.length() > 320 ? text.substring(0, 320) : text;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
