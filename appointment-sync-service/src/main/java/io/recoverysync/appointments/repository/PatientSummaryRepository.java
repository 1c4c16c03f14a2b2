package io.recoverysync.appointments.repository;

import io.recoverysync.appointments.service.AppointmentDiff;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the case manager's patient list and calendar feeds show of each patient that this service holds: the newest sync (a command's
 * answer or a webhook's change) and the next appointment that has not ended (canceled ones included, since that is
 * news; removed ones not). Ids, times, status, provider and link only: no names of patients.
 */
@ApplicationScoped
public class PatientSummaryRepository {
    private final Pool pool;

    public PatientSummaryRepository(Pool pool) {
        this.pool = pool;
    }

    /** The next appointment of a patient; {@code providerName} is the mapped provider's display name, if any. */
    public record NextAppointment(String intakeqAppointmentId, String status, Instant startAt, Instant endAt,
            UUID providerId, String providerName, String serviceName, String telehealthUrl) {
    }

    /** One patient's summary; every field but the id null when nothing is known yet. */
    public record PatientSummary(UUID patientId, Instant lastSyncedAt, String lastOutcome, String lastReasonCode,
            String lastSource, NextAppointment nextAppointment) {
    }

    /** The summaries of {@code patientIds}, in that order. */
    public Uni<List<PatientSummary>> summaries(List<UUID> patientIds) {
        return pool.preparedQuery("""
                SELECT p.id, p.ord, s.last_synced_at, s.last_outcome, s.last_reason, s.last_source,
                       n.intakeq_appointment_id, n.status, n.start_at, n.end_at, n.provider_id, n.service_name,
                       n.telehealth_url, n.display_name
                FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, ord)
                LEFT JOIN appointments.patient_sync_state s ON s.patient_id = p.id
                LEFT JOIN LATERAL (
                    SELECT a.intakeq_appointment_id, a.status, a.start_at, a.end_at, a.provider_id, a.service_name,
                           a.telehealth_url, m.display_name
                    FROM appointments.appointments a
                    LEFT JOIN appointments.provider_intakeq_settings m
                           ON m.intakeq_practitioner_id = a.intakeq_practitioner_id AND m.active
                    WHERE a.patient_id = p.id AND a.status <> $2 AND coalesce(a.end_at, a.start_at) >= now()
                    ORDER BY a.start_at, a.intakeq_appointment_id LIMIT 1) n ON true
                ORDER BY p.ord""")
                .execute(Tuple.of(patientIds.toArray(UUID[]::new), AppointmentDiff.REMOVED_STATUS))
                .map(rows -> {
                    List<PatientSummary> list = new ArrayList<>();
                    rows.forEach(r -> list.add(summary(r)));
                    return list;
                });
    }

    /** An appointment of a patient, for the calendar feeds. */
    public record PatientAppointment(UUID patientId, String intakeqAppointmentId, String status, Instant startAt,
            Instant endAt, Integer durationMinutes, String providerName, String serviceName, String locationName,
            String telehealthUrl, Instant lastChangedAt) {
    }

    /**
     * The appointments of {@code patientIds} that start from {@code daysBack} days ago to {@code daysAhead} days
     * ahead, canceled ones included (a calendar must learn of the cancellation), removed ones not; by start.
     */
    public Uni<List<PatientAppointment>> appointments(List<UUID> patientIds, int daysBack, int daysAhead) {
        return pool.preparedQuery("""
                SELECT a.patient_id, a.intakeq_appointment_id, a.status, a.start_at, a.end_at, a.duration_minutes,
                       m.display_name, a.service_name, a.location_name, a.telehealth_url, a.last_changed_at
                FROM appointments.appointments a
                LEFT JOIN appointments.provider_intakeq_settings m
                       ON m.intakeq_practitioner_id = a.intakeq_practitioner_id AND m.active
                WHERE a.patient_id = ANY($1) AND a.status <> $2
                  AND a.start_at >= now() - make_interval(days => $3) AND a.start_at < now() + make_interval(days => $4)
                ORDER BY a.start_at, a.intakeq_appointment_id""")
                .execute(Tuple.of(patientIds.toArray(UUID[]::new), AppointmentDiff.REMOVED_STATUS, daysBack, daysAhead))
                .map(rows -> {
                    List<PatientAppointment> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new PatientAppointment(r.getUUID("patient_id"),
                            r.getString("intakeq_appointment_id"), r.getString("status"),
                            instant(r.getOffsetDateTime("start_at")), instant(r.getOffsetDateTime("end_at")),
                            r.getInteger("duration_minutes"), r.getString("display_name"), r.getString("service_name"),
                            r.getString("location_name"), r.getString("telehealth_url"),
                            instant(r.getOffsetDateTime("last_changed_at")))));
                    return list;
                });
    }

    private static PatientSummary summary(Row r) {
        String appointmentId = r.getString("intakeq_appointment_id");
        NextAppointment next = appointmentId == null ? null : new NextAppointment(appointmentId, r.getString("status"),
                instant(r.getOffsetDateTime("start_at")), instant(r.getOffsetDateTime("end_at")), r.getUUID("provider_id"),
                r.getString("display_name"), r.getString("service_name"), r.getString("telehealth_url"));
        return new PatientSummary(r.getUUID("id"), instant(r.getOffsetDateTime("last_synced_at")),
                r.getString("last_outcome"), r.getString("last_reason"), r.getString("last_source"), next);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
