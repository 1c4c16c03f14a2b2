package io.recoverysync.appointments.repository;

import io.recoverysync.appointments.service.AppointmentDiff;
import io.recoverysync.contracts.AppointmentField;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.OrganizationAppointments.Appointment;
import io.recoverysync.contracts.api.OrganizationAppointments.Change;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The day view's read: an organization's active patients' appointments of a time range (by the roster view), each
 * with its changes since a given instant from the change history; providers by their display names.
 */
@ApplicationScoped
public class OrganizationAppointmentsRepository {
    private final Pool pool;

    public OrganizationAppointmentsRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The appointments starting in [{@code from}, {@code to}), and those that started there before a reschedule
     * since {@code changesSince}; removed ones only when removed since then. By start. {@code patientId}: only that
     * patient's (null: every active patient's).
     */
    public Uni<List<Appointment>> appointments(UUID organizationId, UUID patientId, Instant from, Instant to,
            Instant changesSince) {
        return pool.preparedQuery("""
                WITH patients AS (
                    SELECT patient_id FROM appointments.roster_affiliations
                    WHERE organization_id = $1 AND status = $5 AND ($8::uuid IS NULL OR patient_id = $8)),
                moved AS (
                    SELECT DISTINCT c.intakeq_appointment_id FROM appointments.appointment_changes c
                    JOIN patients p ON p.patient_id = c.patient_id
                    WHERE c.field = $7 AND c.changed_at >= $4
                      -- only a start's values are instants: the cast must not meet another field's text
                      AND CASE WHEN c.field = $7 THEN c.before_value::timestamptz END >= $2
                      AND CASE WHEN c.field = $7 THEN c.before_value::timestamptz END < $3)
                SELECT a.patient_id, a.intakeq_appointment_id, a.status, a.start_at, a.end_at, a.duration_minutes,
                       m.display_name, a.service_name, a.location_name, a.telehealth_url, a.last_changed_at
                FROM appointments.appointments a
                JOIN patients p ON p.patient_id = a.patient_id
                LEFT JOIN appointments.provider_intakeq_settings m
                       ON m.intakeq_practitioner_id = a.intakeq_practitioner_id AND m.active
                WHERE ((a.start_at >= $2 AND a.start_at < $3) OR a.intakeq_appointment_id IN (SELECT * FROM moved))
                  AND (a.status <> $6 OR a.last_changed_at >= $4)
                ORDER BY a.start_at, a.intakeq_appointment_id""")
                .execute(Tuple.tuple()
                        .addUUID(organizationId)
                        .addOffsetDateTime(utc(from))
                        .addOffsetDateTime(utc(to))
                        .addOffsetDateTime(utc(changesSince))
                        .addString(RosterAffiliation.ACTIVE)
                        .addString(AppointmentDiff.REMOVED_STATUS)
                        .addString(AppointmentField.START.wire())
                        .addUUID(patientId))
                .chain(rows -> {
                    List<Row> found = new ArrayList<>();
                    rows.forEach(found::add);
                    List<String> ids = found.stream().map(r -> r.getString("intakeq_appointment_id")).toList();
                    return changes(ids, changesSince).map(changes -> found.stream()
                            .map(r -> appointment(r, changes.getOrDefault(r.getString("intakeq_appointment_id"), List.of())))
                            .toList());
                });
    }

    /** The organization's active patients (or {@code patientId} alone) whose newest sync failed. */
    public Uni<List<OrganizationAppointments.Unread>> unread(UUID organizationId, UUID patientId) {
        return pool.preparedQuery("""
                SELECT s.patient_id, s.last_reason, s.last_synced_at FROM appointments.patient_sync_state s
                JOIN appointments.roster_affiliations r ON r.patient_id = s.patient_id
                WHERE r.organization_id = $1 AND r.status = $2 AND s.last_outcome = $3
                  AND ($4::uuid IS NULL OR s.patient_id = $4)""")
                .execute(Tuple.tuple().addUUID(organizationId).addString(RosterAffiliation.ACTIVE)
                        .addString(ResultStatus.FAILED.wire()).addUUID(patientId))
                .map(rows -> {
                    List<OrganizationAppointments.Unread> unread = new ArrayList<>();
                    rows.forEach(r -> unread.add(new OrganizationAppointments.Unread(r.getUUID("patient_id"),
                            r.getString("last_reason"), instant(r.getOffsetDateTime("last_synced_at")))));
                    return unread;
                });
    }

    private Uni<Map<String, List<Change>>> changes(List<String> appointmentIds, Instant since) {
        if (appointmentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("""
                SELECT c.intakeq_appointment_id, c.field, c.changed_at, c.source,
                       CASE WHEN c.field = $3 THEN coalesce(mb.display_name, c.before_value) ELSE c.before_value END AS before_value,
                       CASE WHEN c.field = $3 THEN coalesce(ma.display_name, c.after_value) ELSE c.after_value END AS after_value
                FROM appointments.appointment_changes c
                LEFT JOIN appointments.provider_intakeq_settings mb ON c.field = $3 AND mb.intakeq_practitioner_id = c.before_value
                LEFT JOIN appointments.provider_intakeq_settings ma ON c.field = $3 AND ma.intakeq_practitioner_id = c.after_value
                WHERE c.intakeq_appointment_id = ANY($1) AND c.changed_at >= $2
                ORDER BY c.id""")
                .execute(Tuple.of(appointmentIds.toArray(String[]::new), utc(since), AppointmentField.PROVIDER.wire()))
                .map(rows -> {
                    Map<String, List<Change>> byAppointment = new HashMap<>();
                    rows.forEach(r -> byAppointment.computeIfAbsent(r.getString("intakeq_appointment_id"), id -> new ArrayList<>())
                            .add(new Change(r.getString("field"), r.getString("before_value"), r.getString("after_value"),
                                    instant(r.getOffsetDateTime("changed_at")), r.getString("source"))));
                    return byAppointment;
                });
    }

    private static Appointment appointment(Row r, List<Change> changes) {
        return new Appointment(r.getUUID("patient_id"), r.getString("intakeq_appointment_id"), r.getString("status"),
                instant(r.getOffsetDateTime("start_at")), instant(r.getOffsetDateTime("end_at")),
                r.getInteger("duration_minutes"), r.getString("display_name"), r.getString("service_name"),
                r.getString("location_name"), r.getString("telehealth_url"),
                instant(r.getOffsetDateTime("last_changed_at")), changes);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
