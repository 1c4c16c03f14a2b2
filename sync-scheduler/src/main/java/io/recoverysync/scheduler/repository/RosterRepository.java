package io.recoverysync.scheduler.repository;

import io.recoverysync.contracts.RosterPatient;
import io.recoverysync.scheduler.Organization;
import io.recoverysync.scheduler.RosterEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** The roster: organizations, patients and their affiliations (reads for the fan-out and the workers, and writes). */
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

    /**
     * Gives a patient without an IntakeQ client id the client found for it; false when it has one already, does not
     * exist, or another patient has that client.
     */
    public Uni<Boolean> adoptClientId(UUID patientId, int clientId) {
        return pool.preparedQuery("""
                UPDATE scheduler.patients p SET intakeq_client_id = $2, updated_at = now()
                WHERE p.id = $1 AND p.intakeq_client_id IS NULL
                  AND NOT EXISTS (SELECT 1 FROM scheduler.patients o WHERE o.intakeq_client_id = $2 AND o.id <> $1)""")
                .execute(Tuple.of(patientId, clientId))
                .map(rows -> rows.rowCount() == 1);
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    // ---- organizations ----

    /** Creates the organization; null when the id is taken. */
    public Uni<Organization> createOrganization(UUID id, String name, String timeZone, boolean calendarFullNames) {
        return pool.preparedQuery("""
                INSERT INTO scheduler.organizations (id, name, time_zone, calendar_full_names) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO NOTHING RETURNING id, name, time_zone, calendar_full_names""")
                .execute(Tuple.of(id, name, timeZone, calendarFullNames))
                .map(rows -> rows.size() == 0 ? null : organization(rows.iterator().next()));
    }

    /**
     * Renames the organization or changes its time zone (and, when {@code calendarFullNames} is not null, its calendar
     * setting); null when it does not exist.
     */
    public Uni<Organization> updateOrganization(UUID id, String name, String timeZone, Boolean calendarFullNames) {
        return pool.preparedQuery("""
                UPDATE scheduler.organizations SET name = $2, time_zone = $3,
                    calendar_full_names = coalesce($4, calendar_full_names), updated_at = now() WHERE id = $1
                RETURNING id, name, time_zone, calendar_full_names""")
                .execute(Tuple.of(id, name, timeZone, calendarFullNames))
                .map(rows -> rows.size() == 0 ? null : organization(rows.iterator().next()));
    }

    /** Every organization, or only {@code onlyId} when it is not null; by name. */
    public Uni<List<Organization>> organizations(UUID onlyId) {
        return pool.preparedQuery("""
                SELECT id, name, time_zone, calendar_full_names FROM scheduler.organizations WHERE $1::uuid IS NULL OR id = $1
                ORDER BY name, id""")
                .execute(Tuple.of(onlyId))
                .map(rows -> {
                    List<Organization> list = new ArrayList<>();
                    rows.forEach(r -> list.add(organization(r)));
                    return list;
                });
    }

    private static Organization organization(Row r) {
        return new Organization(r.getUUID("id"), r.getString("name"), r.getString("time_zone"),
                Boolean.TRUE.equals(r.getBoolean("calendar_full_names")));
    }

    // ---- patients of an organization ----

    /** A page of the organization's patients (every status unless {@code status} names one), by last and first name. */
    public Uni<List<RosterEntry>> patients(UUID organizationId, String status, int offset, int limit) {
        return pool.preparedQuery("""
                SELECT a.patient_id, a.organization_id, a.status, p.intakeq_client_id, p.email, p.first_name, p.last_name
                FROM scheduler.patient_organization_affiliations a JOIN scheduler.patients p ON p.id = a.patient_id
                WHERE a.organization_id = $1 AND ($2::text IS NULL OR a.status = $2)
                ORDER BY lower(p.last_name), lower(p.first_name), p.id OFFSET $3 LIMIT $4""")
                .execute(Tuple.of(organizationId, status, offset, limit))
                .map(rows -> {
                    List<RosterEntry> list = new ArrayList<>();
                    rows.forEach(r -> {
                        String email = r.getString("email");
                        boolean hasEmail = email != null && !email.isBlank();
                        list.add(new RosterEntry(r.getUUID("patient_id"), r.getUUID("organization_id"),
                                r.getString("status"), r.getInteger("intakeq_client_id"), hasEmail,
                                r.getString("first_name"), r.getString("last_name"), hasEmail ? email : null));
                    });
                    return list;
                });
    }

    public Uni<Long> countPatients(UUID organizationId, String status) {
        return pool.preparedQuery("""
                SELECT count(*) FROM scheduler.patient_organization_affiliations
                WHERE organization_id = $1 AND ($2::text IS NULL OR status = $2)""")
                .execute(Tuple.of(organizationId, status))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * The patient a roster row means, inside the caller's transaction: by id when it is given; otherwise the
     * patient with that IntakeQ client id, else the organization's patient with that email (a client id added later
     * to a patient known by email updates that patient); null when none.
     */
    public Uni<UUID> findPatient(SqlConnection tx, UUID organizationId, UUID id, Integer clientId, String email) {
        if (id != null) {
            return tx.preparedQuery("SELECT id FROM scheduler.patients WHERE id = $1").execute(Tuple.of(id))
                    .map(rows -> rows.size() == 0 ? null : id);
        }
        return tx.preparedQuery("""
                SELECT p.id FROM scheduler.patients p
                WHERE ($2::int IS NOT NULL AND p.intakeq_client_id = $2)
                   OR ($3::text IS NOT NULL AND lower(btrim(p.email)) = lower(btrim($3))
                       AND EXISTS (SELECT 1 FROM scheduler.patient_organization_affiliations a
                                   WHERE a.patient_id = p.id AND a.organization_id = $1))
                ORDER BY (p.intakeq_client_id IS NOT DISTINCT FROM $2::int) DESC, p.created_at, p.id LIMIT 1""")
                .execute(Tuple.of(organizationId, clientId, email))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    /** The patient that already has {@code clientId}, other than {@code patientId}; null when none. */
    public Uni<UUID> clientIdOwner(SqlConnection tx, int clientId, UUID patientId) {
        return tx.preparedQuery("SELECT id FROM scheduler.patients WHERE intakeq_client_id = $1 AND id <> $2 LIMIT 1")
                .execute(Tuple.of(clientId, patientId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    /** Writes the patient; whether a row was created, changed or left as it was. */
    public Uni<String> savePatient(SqlConnection tx, UUID id, String firstName, String lastName, String email,
            Integer clientId) {
        return tx.preparedQuery("""
                INSERT INTO scheduler.patients (id, first_name, last_name, email, intakeq_client_id)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                    email = EXCLUDED.email, intakeq_client_id = EXCLUDED.intakeq_client_id, updated_at = now()
                WHERE (patients.first_name, patients.last_name, patients.email, patients.intakeq_client_id)
                      IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.email, EXCLUDED.intakeq_client_id)
                RETURNING (xmax = 0) AS created""")
                .execute(Tuple.of(id, firstName, lastName, email, clientId))
                .map(rows -> rows.size() == 0 ? "unchanged" : rows.iterator().next().getBoolean("created") ? "created" : "updated");
    }

    /** Writes the patient's affiliation with the organization; whether it was created, changed or left as it was. */
    public Uni<String> saveAffiliation(SqlConnection tx, UUID patientId, UUID organizationId, String status) {
        return tx.preparedQuery("""
                INSERT INTO scheduler.patient_organization_affiliations (patient_id, organization_id, status)
                VALUES ($1, $2, $3)
                ON CONFLICT (patient_id, organization_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
                WHERE patient_organization_affiliations.status <> EXCLUDED.status
                RETURNING (xmax = 0) AS created""")
                .execute(Tuple.of(patientId, organizationId, status))
                .map(rows -> rows.size() == 0 ? "unchanged" : rows.iterator().next().getBoolean("created") ? "created" : "updated");
    }

    /** The status of the patient's affiliation with the organization; null when there is none. */
    public Uni<String> affiliationStatus(SqlConnection tx, UUID patientId, UUID organizationId) {
        return tx.preparedQuery("""
                SELECT status FROM scheduler.patient_organization_affiliations WHERE patient_id = $1 AND organization_id = $2""")
                .execute(Tuple.of(patientId, organizationId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }
}
