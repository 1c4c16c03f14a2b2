package io.recoverysync.ehr.messaging;

import io.recoverysync.servicekit.LogContext;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.ehr.service.CommandDrain;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes sync.commands (group {@code ehr-sync}) and drains the patient's pending notes for {@code ehr} commands;
 * appointment commands are acknowledged untouched. The command is acknowledged once its result is in the outbox.
 */
@ApplicationScoped
public class CommandConsumer {
    private static final Duration RETRY_FIRST = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);
    /** About 15 minutes of a database or broker outage before a command is given up to the DLQ. */
    private static final int RETRY_ATTEMPTS = 100;

    private final CommandDrain drain;

    public CommandConsumer(CommandDrain drain) {
        this.drain = drain;
    }

    @Incoming(Channels.COMMANDS)
    public Uni<Void> onCommand(SyncCommand command) {
        if (command == null || command.messageId() == null || command.runId() == null || command.patientId() == null
                || command.syncType() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable or incomplete sync command"));
        }
        if (command.syncType() != SyncType.EHR) {
            return Uni.createFrom().voidItem();
        }
        LogContext.of(command.runId(), command.patientId());
        // a drain is idempotent (same result message id, sync-log keys results by run + patient + source), so a
        // database or broker failure is retried here: a nack would dead-letter the command (during a shutdown,
        // every buffered one), an unacknowledged one is redelivered to another replica
        return drain.drain(command)
                .onFailure().retry().withBackOff(RETRY_FIRST, RETRY_MAX).atMost(RETRY_ATTEMPTS)
                .replaceWithVoid();
    }
}
