package io.recoverysync.appointments.service;

import io.recoverysync.appointments.TraceCarrier;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.appointments.repository.PendingCommandRepository;
import io.recoverysync.contracts.SyncCommand;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Takes a command off Kafka into {@code pending_commands} (a redelivery of a waiting one changes nothing) and
 * wakes the worker and the reader; the Kafka record is acknowledged as soon as the row is written. The command
 * accepts a read started up to its sync type's max age before it was issued, so one read serves the commands of
 * a night, or of refreshes close together, whatever their organization.
 */
@ApplicationScoped
public class CommandIntake {
    private final PendingCommandRepository pending;
    private final CommandWorker worker;
    private final MirrorReader reader;
    private final AppointmentSyncConfig.Mirror mirror;
    private final Clock clock;

    public CommandIntake(PendingCommandRepository pending, CommandWorker worker, MirrorReader reader,
            AppointmentSyncConfig config, Clock clock) {
        this.pending = pending;
        this.worker = worker;
        this.reader = reader;
        this.mirror = config.mirror();
        this.clock = clock;
    }

    /** Records the command with the trace context it arrived with. */
    public Uni<Void> accept(SyncCommand command, TraceCarrier trace) {
        Instant issued = command.issuedAt() != null ? command.issuedAt() : clock.instant();
        return pending.add(command, issued.minus(maxAge(command)), trace)
                .invoke(() -> {
                    worker.nudge();
                    reader.nudge();
                });
    }

    private Duration maxAge(SyncCommand command) {
        return switch (command.syncType()) {
            case MANUAL_PATIENT -> mirror.patientMaxAge();
            case MANUAL_BULK -> mirror.bulkMaxAge();
            default -> mirror.nightlyMaxAge();
        };
    }
}
