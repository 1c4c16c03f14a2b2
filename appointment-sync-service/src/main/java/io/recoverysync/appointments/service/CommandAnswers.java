package io.recoverysync.appointments.service;

import io.recoverysync.appointments.ChangeSource;
import io.recoverysync.appointments.PendingCommand;
import io.recoverysync.appointments.SyncWindow;
import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Answers one command: the patient's appointments brought in step with the mirror, or a failure with its reason code,
 * in one transaction that also records the command as handled with its result; then the result goes to
 * {@code sync.results}. A command handled before (a redelivery, or a crash after the commit) gets its stored result
 * again, unchanged.
 */
@ApplicationScoped
public class CommandAnswers {
    private static final Logger LOG = Logger.getLogger(CommandAnswers.class);

    private final AppointmentRepository repository;
    private final PatientAppointments patients;
    private final ResultPublisher publisher;
    private final ChangeAnnouncer announcer;
    private final Clock clock;

    public CommandAnswers(AppointmentRepository repository, PatientAppointments patients, ResultPublisher publisher,
            ChangeAnnouncer announcer, Clock clock) {
        this.repository = repository;
        this.patients = patients;
        this.publisher = publisher;
        this.announcer = announcer;
        this.clock = clock;
    }

    /** The stored result of a command handled before, published again; false when there is none. */
    public Uni<Boolean> republish(PendingCommand pending) {
        return repository.storedResult(pending.messageId())
                .chain(stored -> stored == null ? Uni.createFrom().item(false)
                        : publisher.publish(stored, pending.trace()).replaceWith(true));
    }

    /** Answers from the mirror's view of {@code clientId} (null: IntakeQ has no appointments for the patient). */
    public Uni<SyncResult> answer(PendingCommand pending, Integer clientId, SyncWindow window) {
        long started = System.nanoTime();
        SyncCommand command = pending.command();
        return repository.inTransaction(conn -> repository.claim(conn, command)
                        .chain(claimed -> !claimed
                                ? repository.storedResult(conn, command.messageId())
                                : patients.apply(conn, command.patientId(), clientId, window,
                                                ChangeSource.of(command.syncType()), command.runId())
                                        .map(outcome -> toResult(command, outcome, started))
                                        .call(result -> repository.recordSynced(conn, command.patientId(),
                                                result.status().wire(), reason(result), "command"))
                                        .call(result -> repository.saveResult(conn, result, command.messageId()))))
                .invoke(answer -> {
                    if (answer.appointmentsNew() + answer.appointmentsUpdated() > 0) {
                        announcer.nudge();
                    }
                })
                .call(answer -> publisher.publish(answer, pending.trace()));
    }

    /** Answers with a failure (nothing stored changes but the patient's last-synced state). */
    public Uni<SyncResult> fail(PendingCommand pending, ReasonCode reason, String detail) {
        long started = System.nanoTime();
        SyncCommand command = pending.command();
        LOG.infof("run %s patient %s: %s (%s)", command.runId(), command.patientId(), reason, detail);
        SyncResult result = result(command, ResultStatus.FAILED, reason, detail, 0, 0, 0, 0, started);
        return repository.inTransaction(conn -> repository.claim(conn, command)
                        .chain(claimed -> claimed
                                ? repository.saveResult(conn, result, command.messageId())
                                        .call(() -> repository.recordSynced(conn, command.patientId(),
                                                result.status().wire(), reason.name(), "command"))
                                        .replaceWith(result)
                                : repository.storedResult(conn, command.messageId())))
                .call(answer -> publisher.publish(answer, pending.trace()));
    }

    private static String reason(SyncResult result) {
        return result.reasonCode() == null ? null : result.reasonCode().name();
    }

    private SyncResult toResult(SyncCommand command, AppointmentDiff.Outcome outcome, long started) {
        if (!outcome.unknownPractitionerIds().isEmpty()) {
            String detail = outcome.errors() + " appointment(s) stored without a provider: unmapped IntakeQ practitioner id(s) "
                    + String.join(",", outcome.unknownPractitionerIds());
            return result(command, ResultStatus.FAILED, ReasonCode.UNKNOWN_PRACTITIONER, detail, outcome.created(),
                    outcome.updated(), outcome.unchanged(), outcome.errors(), started);
        }
        return result(command, ResultStatus.SUCCEEDED, null, null, outcome.created(), outcome.updated(),
                outcome.unchanged(), 0, started);
    }

    private SyncResult result(SyncCommand command, ResultStatus status, ReasonCode reason, String detail, int created,
            int updated, int unchanged, int errors, long started) {
        UUID id = MessageIds.result(command.messageId(), SyncResult.SOURCE_APPOINTMENTS);
        return new SyncResult(id, SyncResult.VERSION, command.runId(), command.organizationId(), command.patientId(),
                SyncResult.SOURCE_APPOINTMENTS, status, reason, detail, created, updated, unchanged, errors,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant());
    }
}
