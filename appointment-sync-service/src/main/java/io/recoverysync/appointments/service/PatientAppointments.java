package io.recoverysync.appointments.service;

import io.recoverysync.appointments.AppointmentChange;
import io.recoverysync.appointments.ChangeSource;
import io.recoverysync.appointments.SyncWindow;
import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.appointments.repository.ChangeRepository;
import io.recoverysync.appointments.repository.MirrorRepository;
import io.recoverysync.contracts.AppointmentsChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Brings a patient's appointments on the dashboard in step with the mirror's view of the patient's IntakeQ client
 * (inside the caller's transaction, which holds the patient's lock until it ends: two commands of one patient, or a
 * command and a webhook, apply one after the other and count each appointment once). Every visible change goes to the
 * change history, and one {@code appointments.changed} announcement per call to the outbox, in the same transaction;
 * appointments found at a patient's first sync are not changes. The caller nudges the {@link ChangeAnnouncer} after
 * its commit.
 */
@ApplicationScoped
public class PatientAppointments {
    private final MirrorRepository mirror;
    private final AppointmentRepository appointments;
    private final ChangeRepository changes;
    private final Clock clock;

    public PatientAppointments(MirrorRepository mirror, AppointmentRepository appointments, ChangeRepository changes,
            Clock clock) {
        this.mirror = mirror;
        this.appointments = appointments;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * Applies the diff for {@code patientId}; {@code clientId} null means IntakeQ has no appointments for the patient.
     * {@code source} and {@code runId} (null for a webhook) say in the change history what brought the changes.
     */
    public Uni<AppointmentDiff.Outcome> apply(SqlConnection conn, UUID patientId, Integer clientId, SyncWindow window,
            ChangeSource source, UUID runId) {
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
                            .chain(() -> appointments.touch(conn, outcome.unchangedIds()))
                            .chain(() -> recordChanges(conn, patientId, outcome, source, runId)));
        });
    }

    private Uni<Void> recordChanges(SqlConnection conn, UUID patientId, AppointmentDiff.Outcome outcome,
            ChangeSource source, UUID runId) {
        boolean anyNew = outcome.upserts().stream().anyMatch(AppointmentDiff.Upsert::isNew);
        if (outcome.changes().isEmpty() && !anyNew) {
            return Uni.createFrom().voidItem();
        }
        // appointments new to a patient synced before were booked since; at the first sync they are the starting point
        Uni<Boolean> syncedBefore = anyNew ? appointments.syncedBefore(conn, patientId) : Uni.createFrom().item(false);
        return syncedBefore.chain(before -> {
            List<AppointmentChange> all = new ArrayList<>();
            if (before) {
                outcome.upserts().stream().filter(AppointmentDiff.Upsert::isNew)
                        .forEach(u -> all.add(AppointmentChanges.added(u.appointment())));
            }
            all.addAll(outcome.changes());
            if (all.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return changes.record(conn, patientId, all, source, runId)
                    .chain(() -> changes.activeOrganizations(conn, patientId))
                    .chain(organizations -> changes.announce(conn, announcement(patientId, organizations, all, source, runId)));
        });
    }

    private AppointmentsChanged announcement(UUID patientId, List<UUID> organizations, List<AppointmentChange> all,
            ChangeSource source, UUID runId) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        all.forEach(c -> fields.computeIfAbsent(c.intakeqAppointmentId(), id -> new ArrayList<>()).add(c.field().wire()));
        List<AppointmentsChanged.Changed> changed = fields.entrySet().stream()
                .map(e -> new AppointmentsChanged.Changed(e.getKey(), e.getValue()))
                .toList();
        return new AppointmentsChanged(UUID.randomUUID(), AppointmentsChanged.VERSION, patientId, organizations, changed,
                source.wire(), runId, clock.instant());
    }
}
