package io.recoverysync.appointments;

import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import java.time.Instant;
import java.util.UUID;

/**
 * A command taken off Kafka and waiting in {@code pending_commands} for its answer.
 *
 * @param freshFrom  the mirror (or a read of the patient's client) must hold a read started at or after this
 * @param receivedAt when this service recorded it
 * @param trace      the W3C trace context the command arrived with (its result continues that trace)
 */
public record PendingCommand(UUID messageId, UUID runId, UUID patientId, UUID organizationId, SyncType syncType,
        Instant issuedAt, Instant freshFrom, Instant receivedAt, TraceCarrier trace) {

    /** The command as it came, for the result's ids. */
    public SyncCommand command() {
        return new SyncCommand(messageId, SyncCommand.VERSION, runId, syncType, organizationId, patientId, issuedAt);
    }
}
