package io.recoverysync.ehr.messaging;

import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.ehr.service.CommandDrain;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes sync.commands (group {@code ehr-sync}) and drains the patient's pending notes for {@code ehr} commands;
 * appointment commands are acknowledged untouched. The command is acknowledged once its result is in the outbox.
 */
@ApplicationScoped
public class CommandConsumer {
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
        return drain.drain(command).replaceWithVoid();
    }
}
