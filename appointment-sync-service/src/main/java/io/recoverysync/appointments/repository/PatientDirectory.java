package io.recoverysync.appointments.repository;

import static io.recoverysync.appointments.repository.MirrorRepository.instant;

import io.recoverysync.appointments.PatientClient;
import io.recoverysync.contracts.ReasonCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads this service's roster view ({@code roster_affiliations}, kept from {@code roster.affiliations}) and the
 * clients resolved from emails ({@code client_links}) to tell which IntakeQ client a patient's appointments are.
 */
@ApplicationScoped
public class PatientDirectory {
    public static final String LINKED = "linked";
    public static final String NONE = "none";
    public static final String AMBIGUOUS = "ambiguous";
    public static final String FAILED = "failed";

    private final Pool pool;

    public PatientDirectory(Pool pool) {
        this.pool = pool;
    }

    /** The newest attempt to resolve a patient's client from its email. */
    public record Resolution(Integer clientId, String outcome, String failureReason, String failureDetail,
            Instant resolvedAt) {
    }

    /**
     * The patients' clients. A client id shared by another active patient (from the roster or resolved) makes both
     * {@link ReasonCode#AMBIGUOUS_CLIENT}; a patient with neither a client id nor an email is
     * {@link ReasonCode#PATIENT_NO_EMAIL}.
     */
    public Uni<Map<UUID, PatientClient>> clients(Collection<UUID> patients) {
        UUID[] ids = patients.toArray(UUID[]::new);
        return pool.preparedQuery("""
                WITH wanted AS (SELECT DISTINCT unnest($1::uuid[]) AS patient_id),
                own AS (
                    SELECT w.patient_id,
                           COALESCE(bool_or(r.status = 'active'), false) AS active,
                           max(r.intakeq_client_id) FILTER (WHERE r.status = 'active') AS roster_client,
                           count(DISTINCT r.intakeq_client_id) FILTER (WHERE r.status = 'active') AS roster_clients,
                           COALESCE(bool_or(r.has_email) FILTER (WHERE r.status = 'active'), false) AS has_email
                    FROM wanted w LEFT JOIN appointments.roster_affiliations r ON r.patient_id = w.patient_id
                    GROUP BY w.patient_id),
                effective AS (
                    SELECT o.*, l.outcome AS link_outcome,
                           COALESCE(o.roster_client, CASE WHEN l.outcome = 'linked' THEN l.intakeq_client_id END) AS client_id
                    FROM own o LEFT JOIN appointments.client_links l ON l.patient_id = o.patient_id)
                SELECT e.*,
                       COALESCE(e.roster_clients > 1 OR e.link_outcome = 'ambiguous' OR (e.client_id IS NOT NULL AND (
                           EXISTS (SELECT 1 FROM appointments.roster_affiliations x WHERE x.status = 'active'
                                   AND x.intakeq_client_id = e.client_id AND x.patient_id <> e.patient_id)
                        OR EXISTS (SELECT 1 FROM appointments.client_links y JOIN appointments.roster_affiliations z
                                   ON z.patient_id = y.patient_id AND z.status = 'active'
                                   WHERE y.outcome = 'linked' AND y.intakeq_client_id = e.client_id
                                   AND y.patient_id <> e.patient_id))), false) AS ambiguous
                FROM effective e""")
                .execute(Tuple.of((Object) ids))
                .map(rows -> {
                    Map<UUID, PatientClient> map = new HashMap<>();
                    for (Row r : rows) {
                        UUID patient = r.getUUID("patient_id");
                        Integer client = r.getInteger("client_id");
                        boolean hasEmail = r.getBoolean("has_email");
                        ReasonCode problem = r.getBoolean("ambiguous") ? ReasonCode.AMBIGUOUS_CLIENT
                                : client == null && !hasEmail ? ReasonCode.PATIENT_NO_EMAIL : null;
                        map.put(patient, new PatientClient(patient, r.getBoolean("active"), client, hasEmail, problem));
                    }
                    return map;
                });
    }

    /** The newest resolution attempt of each patient that has one. */
    public Uni<Map<UUID, Resolution>> resolutions(Collection<UUID> patients) {
        return pool.preparedQuery("""
                SELECT patient_id, intakeq_client_id, outcome, failure_reason, failure_detail, resolved_at
                FROM appointments.client_links WHERE patient_id = ANY($1)""")
                .execute(Tuple.of((Object) patients.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Resolution> map = new HashMap<>();
                    rows.forEach(r -> map.put(r.getUUID("patient_id"), new Resolution(r.getInteger("intakeq_client_id"),
                            r.getString("outcome"), r.getString("failure_reason"), r.getString("failure_detail"),
                            instant(r, "resolved_at"))));
                    return map;
                });
    }

    /** Records a resolution attempt (replacing the previous one). */
    public Uni<Void> resolved(UUID patientId, Integer clientId, String outcome, ReasonCode failure, String detail) {
        return pool.preparedQuery("""
                INSERT INTO appointments.client_links (patient_id, intakeq_client_id, outcome, failure_reason,
                    failure_detail, resolved_at)
                VALUES ($1, $2, $3, $4, $5, now())
                ON CONFLICT (patient_id) DO UPDATE SET intakeq_client_id = EXCLUDED.intakeq_client_id,
                    outcome = EXCLUDED.outcome, failure_reason = EXCLUDED.failure_reason,
                    failure_detail = EXCLUDED.failure_detail, resolved_at = now(),
                    published_at = CASE WHEN client_links.outcome = EXCLUDED.outcome
                        AND client_links.intakeq_client_id IS NOT DISTINCT FROM EXCLUDED.intakeq_client_id
                        THEN client_links.published_at END""")
                .execute(Tuple.of(patientId, clientId, outcome, failure == null ? null : failure.name(), detail))
                .replaceWithVoid();
    }

    /** A client found for a patient, not yet told to the roster's owner. */
    public record UnpublishedLink(UUID patientId, int intakeqClientId, Instant resolvedAt) {
    }

    /** Links found and not yet published, oldest first. */
    public Uni<List<UnpublishedLink>> unpublishedLinks(int limit) {
        return pool.preparedQuery("""
                SELECT patient_id, intakeq_client_id, resolved_at FROM appointments.client_links
                WHERE outcome = 'linked' AND intakeq_client_id IS NOT NULL AND published_at IS NULL
                ORDER BY resolved_at LIMIT $1""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<UnpublishedLink> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new UnpublishedLink(r.getUUID("patient_id"), r.getInteger("intakeq_client_id"),
                            instant(r, "resolved_at"))));
                    return list;
                });
    }

    /** Marks a link published, unless it was resolved again since it was read. */
    public Uni<Void> linkPublished(UnpublishedLink link) {
        return pool.preparedQuery("""
                UPDATE appointments.client_links SET published_at = now()
                WHERE patient_id = $1 AND intakeq_client_id = $2 AND outcome = 'linked'""")
                .execute(Tuple.of(link.patientId(), link.intakeqClientId()))
                .replaceWithVoid();
    }

    /** Active patients whose client is {@code clientId} (from the roster or resolved). */
    public Uni<List<UUID>> patientsOf(int clientId) {
        return pool.preparedQuery("""
                SELECT DISTINCT r.patient_id FROM appointments.roster_affiliations r
                WHERE r.status = 'active' AND r.intakeq_client_id = $1
                UNION
                SELECT l.patient_id FROM appointments.client_links l
                WHERE l.outcome = 'linked' AND l.intakeq_client_id = $1 AND EXISTS (
                    SELECT 1 FROM appointments.roster_affiliations r2 WHERE r2.patient_id = l.patient_id AND r2.status = 'active')""")
                .execute(Tuple.of(clientId))
                .map(rows -> {
                    Set<UUID> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(r.getUUID(0)));
                    return List.copyOf(ids);
                });
    }
}
