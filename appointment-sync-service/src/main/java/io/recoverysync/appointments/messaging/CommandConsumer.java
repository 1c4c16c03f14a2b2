package io.recoverysync.appointments.messaging;

import io.recoverysync.appointments.service.PatientSyncService;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.servicekit.LogContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes per-patient commands from the three lane topics and publishes one result each; the lane of the shared
 * IntakeQ budget follows the command's sync type. The command is acknowledged only after the result
 * is on the broker, so a crash in between redelivers the command, which re-publishes the stored result.
 */
@ApplicationScoped
public class CommandConsumer {
    public static final String COMMANDS_CHANNEL = "sync-commands";
    public static final String BULK_COMMANDS_CHANNEL = "sync-commands-bulk";
    public static final String PATIENT_COMMANDS_CHANNEL = "sync-commands-patient";
    public static final String RESULTS_CHANNEL = "sync-results";

    private static final java.time.Duration RETRY_FIRST = java.time.Duration.ofMillis(200);
    private static final java.time.Duration RETRY_MAX = java.time.Duration.ofSeconds(10);
    /** About 15 minutes of an outage before a command is given up to the DLQ. */
    private static final int RETRY_ATTEMPTS = 100;

    private final PatientSyncService service;
    private final MutinyEmitter<SyncResult> results;

    public CommandConsumer(PatientSyncService service, @Channel(RESULTS_CHANNEL) MutinyEmitter<SyncResult> results) {
        this.service = service;
        this.results = results;
    }

    /** Nightly lane ({@code sync.commands}). */
    @Incoming(COMMANDS_CHANNEL)
    public Uni<Void> onCommand(SyncCommand command) {
        return handle(command);
    }

    /** Bulk lane ({@code sync.commands.bulk}): its own consumer, so it never waits behind the nightly backlog. */
    @Incoming(BULK_COMMANDS_CHANNEL)
    public Uni<Void> onBulkCommand(SyncCommand command) {
        return handle(command);
    }

    /** Single-patient lane ({@code sync.commands.patient}). */
    @Incoming(PATIENT_COMMANDS_CHANNEL)
    public Uni<Void> onPatientCommand(SyncCommand command) {
        return handle(command);
    }

    private Uni<Void> handle(SyncCommand command) {
        if (command == null || command.messageId() == null || command.runId() == null || command.patientId() == null
                || command.syncType() == null) {
            // unreadable JSON arrives as null (fail-on-deserialization-failure=false): nack it to sync.commands.dlq
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable or incomplete sync command"));
        }
        LogContext.of(command.runId(), command.patientId());
        // Handling is idempotent, so a failure of the database or the broker is retried here rather than nacked:
        // a nack would dead-letter the command (during a shutdown, every buffered one), while an unacknowledged
        // command is redelivered to another replica. Only an unreadable command (above) goes to the DLQ at once.
        return service.process(command)
                .onItem().ifNotNull().transformToUni(this::publish)
                .onFailure().retry().withBackOff(RETRY_FIRST, RETRY_MAX).atMost(RETRY_ATTEMPTS)
                .replaceWithVoid();
    }

    private Uni<Void> publish(SyncResult result) {
        return results.sendMessage(Message.of(result)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.runId().toString()).build()));
    }
}
