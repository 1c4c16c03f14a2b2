package io.recoverysync.appointments.service;

import io.recoverysync.appointments.SyncWindow;
import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.appointments.repository.MirrorRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Brings a patient's appointments on the dashboard in step with the mirror's view of the patient's IntakeQ client
 * (inside the caller's transaction, which holds the patient's lock until it ends: two commands of one patient, or a
 * command and a webhook, apply one after the other and count each appointment once).
 */
@ApplicationScoped
public class PatientAppointments {
    private final MirrorRepository mirror;
    private final AppointmentRepository appointments;

    public PatientAppointments(MirrorRepository mirror, AppointmentRepository appointments) {
        this.mirror = mirror;
        this.appointments = appointments;
    }

    /** Applies the diff for {@code patientId}; {@code clientId} null means IntakeQ has no appointments for the patient. */
    public Uni<AppointmentDiff.Outcome> apply(SqlConnection conn, UUID patientId, Integer clientId, SyncWindow window) {
        Uni<List<IntakeQAppointment>> fetched = clientId == null
                ? Uni.createFrom().item(List.<IntakeQAppointment>of())
                : mirror.forClient(conn, clientId, window.start(), window.end());
        return appointments.lockPatient(conn, patientId).chain(() -> fetched).chain(list -> {
            Set<String> practitioners = list.stream().map(IntakeQAppointment::practitionerId).filter(Objects::nonNull)
                    .collect(Collectors.toCollection(HashSet::new));
            return appointments.storedForPatient(conn, patientId)
                    .chain(stored -> appointments.providers(conn, practitioners)
                            .map(providers -> AppointmentDiff.compute(list, providers, stored, window.start(), window.end())))
                    .call(outcome -> appointments.upsert(conn, patientId, outcome.upserts())
                            .chain(() -> appointments.markRemoved(conn, outcome.removedIds()))
                            .chain(() -> appointments.touch(conn, outcome.unchangedIds())));
        });
    }
}
