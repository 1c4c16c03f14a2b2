package io.recoverysync.appointments.service;

import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.appointments.client.IntakeQClient;
import io.recoverysync.appointments.client.Lane;
import io.recoverysync.appointments.client.RosterClient;
import io.recoverysync.appointments.client.SyncFailure;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.RosterPatient;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Syncs one patient for one command: roster lookup, IntakeQ read of the window, diff and upsert in one
 * transaction that also records the command as handled with its result. A command seen before yields its stored
 * result without touching IntakeQ again.
 */
@ApplicationScoped
public class PatientSyncService {
    private static final Logger LOG = Logger.getLogger(PatientSyncService.class);

    private final RosterClient roster;
    private final IntakeQClient intakeq;
    private final AppointmentRepository repository;
    private final AppointmentSyncConfig.Window window;
    private final AppointmentSyncConfig.Incremental incremental;
    private final int pageSize;
    private final Clock clock;

    public PatientSyncService(RosterClient roster, IntakeQClient intakeq, AppointmentRepository repository,
            AppointmentSyncConfig config, Clock clock) {
        this.roster = roster;
        this.intakeq = intakeq;
        this.repository = repository;
        this.window = config.window();
        this.incremental = config.incremental();
        this.pageSize = config.intakeq().pageSize();
        this.clock = clock;
    }

    /** The result to publish for {@code command}; null for commands that are not for this service. */
    public Uni<SyncResult> process(SyncCommand command) {
        if (command == null || command.syncType() == SyncType.EHR) {
            return Uni.createFrom().nullItem();
        }
        long started = System.nanoTime();
        return repository.storedResult(command.messageId())
                .onItem().ifNotNull().invoke(r -> LOG.debugf("command %s seen before; re-publishing its result", command.messageId()))
                .onItem().ifNull().switchTo(() -> sync(command, started));
    }

    private Uni<SyncResult> sync(SyncCommand command, long started) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant windowStart = today.minusDays(window.daysBack()).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant windowEnd = today.plusDays(window.daysAhead() + 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        return roster.patient(command.patientId())
                .onItem().transformToUni(patient -> plan(command, windowStart, windowEnd)
                        .chain(updatedSince -> fetch(Lane.of(command.syncType()), patient, today, updatedSince)
                                .map(all -> new Read(forPatient(all, patient, windowStart, windowEnd), updatedSince != null))))
                .onItem().transformToUni(read -> store(command, read, windowStart, windowEnd, started))
                .onFailure(SyncFailure.class)
                .recoverWithUni(e -> storeFailure(command, (SyncFailure) e, started))
                .onFailure()
                .recoverWithUni(e -> {
                    LOG.errorf(e, "run %s patient %s: unexpected failure", command.runId(), command.patientId());
                    return storeFailure(command, new SyncFailure(ReasonCode.INTERNAL_ERROR, e.getClass().getSimpleName()), started);
                });
    }

    /** What IntakeQ returned for the patient's window, and whether only changes were asked for. */
    private record Read(List<IntakeQAppointment> appointments, boolean incremental) {
    }

    /**
     * The updatedSince date of an incremental read, or null for a full one. Incremental only where it saves
     * requests (the window takes more than one page), never for the nightly run (it reconciles deletions), and
     * only while the last full read is recent.
     */
    private Uni<LocalDate> plan(SyncCommand command, Instant windowStart, Instant windowEnd) {
        if (!incremental.enabled() || command.syncType() == SyncType.AUTOMATED_DAILY) {
            return Uni.createFrom().nullItem();
        }
        return repository.syncState(command.patientId(), windowStart, windowEnd)
                .invoke(state -> LOG.debugf("patient %s read plan: %s", command.patientId(), state))
                .map(state -> state.lastFullSyncAt() != null && state.highWaterModified() != null
                        && state.storedInWindow() >= pageSize
                        && state.lastFullSyncAt().isAfter(clock.instant().minus(incremental.fullEvery()))
                        ? LocalDate.ofInstant(state.highWaterModified().minus(incremental.overlap()), ZoneOffset.UTC)
                        : null);
    }

    private Uni<List<IntakeQAppointment>> fetch(Lane lane, RosterPatient patient, LocalDate today, LocalDate updatedSince) {
        if (patient.email() == null) {
            return Uni.createFrom().failure(new SyncFailure(ReasonCode.PATIENT_NO_EMAIL, "no email in the roster"));
        }
        // IntakeQ's date bounds have undocumented inclusiveness and zone: widen by a day, filter locally.
        return intakeq.appointments(lane, patient.email(), today.minusDays(window.daysBack() + 1L),
                today.plusDays(window.daysAhead() + 1L), updatedSince);
    }

    /** IntakeQ's client filter is a partial match: keep only this patient's appointments inside the window. */
    private static List<IntakeQAppointment> forPatient(List<IntakeQAppointment> all, RosterPatient patient,
            Instant windowStart, Instant windowEnd) {
        return all.stream()
                .filter(a -> patient.intakeqClientId() != null
                        ? patient.intakeqClientId().equals(a.clientId())
                        : patient.email().equalsIgnoreCase(a.clientEmail()))
                .filter(a -> !a.start().isBefore(windowStart) && a.start().isBefore(windowEnd))
                .toList();
    }

    private Uni<SyncResult> store(SyncCommand command, Read read, Instant windowStart, Instant windowEnd, long started) {
        List<IntakeQAppointment> fetched = read.appointments();
        Instant highWater = fetched.stream().map(IntakeQAppointment::lastModified).filter(java.util.Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        Set<String> practitioners = fetched.stream().map(IntakeQAppointment::practitionerId)
                .filter(java.util.Objects::nonNull).collect(Collectors.toCollection(HashSet::new));
        return repository.inTransaction(conn -> repository.claim(conn, command)
                .onItem().transformToUni(claimed -> !claimed
                        ? repository.storedResult(conn, command.messageId())
                        : repository.providers(conn, practitioners)
                                .onItem().transformToUni(providers -> repository.storedForPatient(conn, command.patientId())
                                        .map(stored -> AppointmentDiff.compute(fetched, providers, stored, windowStart, windowEnd,
                                                read.incremental())))
                                .onItem().transformToUni(outcome -> repository.upsert(conn, command.patientId(), command.organizationId(), outcome.upserts())
                                        .chain(() -> repository.markRemoved(conn, outcome.removedIds()))
                                        .chain(() -> repository.touch(conn, outcome.unchangedIds()))
                                        .chain(() -> repository.saveSyncState(conn, command.patientId(), !read.incremental(), highWater))
                                        .map(ignored -> toResult(command, outcome, started)))
                                .call(result -> repository.saveResult(conn, result, command.messageId()))));
    }

    private Uni<SyncResult> storeFailure(SyncCommand command, SyncFailure failure, long started) {
        LOG.infof("run %s patient %s: %s (%s)", command.runId(), command.patientId(), failure.reason(), failure.getMessage());
        SyncResult result = result(command, ResultStatus.FAILED, failure.reason(), failure.getMessage(), 0, 0, 0, 0, started);
        return repository.inTransaction(conn -> repository.claim(conn, command)
                .onItem().transformToUni(claimed -> claimed
                        ? repository.saveResult(conn, result, command.messageId()).replaceWith(result)
                        : repository.storedResult(conn, command.messageId())));
    }

    private SyncResult toResult(SyncCommand command, AppointmentDiff.Outcome outcome, long started) {
        if (!outcome.unknownPractitionerIds().isEmpty()) {
            String detail = outcome.errors() + " appointment(s) with unmapped IntakeQ practitioner id(s): "
                    + String.join(",", outcome.unknownPractitionerIds());
            return result(command, ResultStatus.FAILED, ReasonCode.UNKNOWN_PRACTITIONER, detail, outcome.created(),
                    outcome.updated(), outcome.unchanged(), outcome.errors(), started);
        }
        return result(command, ResultStatus.SUCCEEDED, null, null, outcome.created(), outcome.updated(),
                outcome.unchanged(), 0, started);
    }

    private SyncResult result(SyncCommand command, ResultStatus status, ReasonCode reason, String detail, int created,
            int updated, int unchanged, int errors, long started) {
        return new SyncResult(MessageIds.result(command.messageId(), SyncResult.SOURCE_APPOINTMENTS), SyncResult.VERSION,
                command.runId(), command.organizationId(), command.patientId(), SyncResult.SOURCE_APPOINTMENTS, status,
                reason, detail, created, updated, unchanged, errors,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant());
    }
}
