package io.recoverysync.synclog.messaging;

import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.synclog.service.RunAggregator;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Makes dead-lettered commands visible in their run: each readable command on {@code sync.commands.dlq} counts as
 * that patient's failed result with reason {@code DEAD_LETTERED}, so the run ends (instead of timing out) and the
 * dashboard shows who needs a replay. Unreadable records have no run to attach to; they are only logged.
 */
@ApplicationScoped
public class DeadLetterConsumer {
    public static final String CHANNEL = "sync-commands-dlq";
    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);

    private final RunAggregator aggregator;

    public DeadLetterConsumer(RunAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onDeadLetter(Message<SyncCommand> message) {
        SyncCommand command = message.getPayload();
        String where = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> "dead-lettered at " + Topics.SYNC_COMMANDS_DLQ + " partition " + m.getPartition() + " offset " + m.getOffset())
                .orElse("dead-lettered");
        if (command == null || command.runId() == null || command.patientId() == null || command.syncType() == null) {
            LOG.warnf("an unreadable command was %s; it belongs to no run", where);
            return Uni.createFrom().completionStage(message.ack());
        }
        String source = command.syncType() == SyncType.EHR ? SyncResult.SOURCE_EHR : SyncResult.SOURCE_APPOINTMENTS;
        SyncResult failed = new SyncResult(MessageIds.result(command.messageId(), source + ":dead-letter"),
                SyncResult.VERSION, command.runId(), command.organizationId(), command.patientId(), source,
                ResultStatus.FAILED, ReasonCode.DEAD_LETTERED, where, 0, 0, 0, 0, 0, Instant.now());
        return aggregator.resultReceived(failed)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(100)
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }
}
