package io.recoverysync.scheduler.repository;

import io.recoverysync.contracts.RosterPatient;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the roster: organizations, patients and their affiliations. */
@ApplicationScoped
public class RosterRepository {
    private final Pool pool;

    public RosterRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<UUID>> organizationIds() {
        return pool.query("SELECT id FROM scheduler.organizations ORDER BY id")
                .execute()
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                });
    }

    public Uni<Boolean> organizationExists(UUID organizationId) {
        return pool.preparedQuery("SELECT 1 FROM scheduler.organizations WHERE id = $1")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.size() > 0);
    }

    /** Patients with an active affiliation to the organization, in a stable order. */
    public Uni<List<UUID>> activePatientIds(UUID organizationId) {
        return pool.preparedQuery("""
                SELECT patient_id FROM scheduler.patient_organization_affiliations
                WHERE organization_id = $1 AND status = 'active'
                ORDER BY patient_id""")
                .execute(Tuple.of(organizationId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.size());
                    rows.forEach(r -> ids.add(r.getUUID("patient_id")));
                    return ids;
                });
    }

    public Uni<Boolean> isActiveIn(UUID patientId, UUID organizationId) {
        return pool.preparedQuery("""
                SELECT 1 FROM scheduler.patient_organization_affiliations
                WHERE patient_id = $1 AND organization_id = $2 AND status = 'active'""")
                .execute(Tuple.of(patientId, organizationId))
                .map(rows -> rows.size() > 0);
    }

    /** An organization the patient is actively affiliated with (the oldest affiliation), null when none. */
    public Uni<UUID> activeOrganizationOf(UUID patientId) {
        return pool.preparedQuery("""
                SELECT organization_id FROM scheduler.patient_organization_affiliations
                WHERE patient_id = $1 AND status = 'active' ORDER BY created_at, organization_id LIMIT 1""")
                .execute(Tuple.of(patientId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("organization_id"));
    }

    /**
     * The lookup data a sync worker needs; null when the patient does not exist. The organization reported is
     * {@code preferredOrganization} when the patient is affiliated with it (in any status), else the oldest active
     * affiliation.
     */
    public Uni<RosterPatient> findForSync(UUID patientId, UUID preferredOrganization) {
        return pool.preparedQuery("""
                SELECT p.id, p.email, p.intakeq_client_id,
                       (SELECT a.organization_id FROM scheduler.patient_organization_affiliations a
                         WHERE a.patient_id = p.id
                         ORDER BY (a.organization_id IS NOT DISTINCT FROM $2) DESC, (a.status = 'active') DESC, a.created_at
                         LIMIT 1) AS organization_id,
                       EXISTS (SELECT 1 FROM scheduler.patient_organization_affiliations a
                                WHERE a.patient_id = p.id AND a.status = 'active') AS active,
                       EXISTS (SELECT 1 FROM scheduler.patients o
                                JOIN scheduler.patient_organization_affiliations oa ON oa.patient_id = o.id
                                WHERE oa.status = 'active' AND o.id <> p.id AND btrim(p.email) <> ''
                                  AND lower(btrim(o.email)) = lower(btrim(p.email))) AS email_shared
                FROM scheduler.patients p WHERE p.id = $1""")
                .execute(Tuple.of(patientId, preferredOrganization))
                .map(rows -> rows.size() == 0 ? null : toRosterPatient(rows.iterator().next()));
    }

    private static RosterPatient toRosterPatient(Row r) {
        String email = r.getString("email");
        return new RosterPatient(r.getUUID("id"), r.getUUID("organization_id"), r.getInteger("intakeq_client_id"),
                email == null || email.isBlank() ? null : email.trim(), r.getBoolean("active"),
                Boolean.TRUE.equals(r.getBoolean("email_shared")));
    }
}
