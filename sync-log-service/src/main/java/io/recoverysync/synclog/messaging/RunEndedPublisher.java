package io.recoverysync.synclog.messaging;

import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RunEnded;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.synclog.service.EndedRun;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Announces ended runs on {@code sync.runs.ended}. Sent after the ending transaction commits; if the send fails
 * the scheduler's stale-run guard still frees the organization, so a failure is logged, not retried forever.
 */
@ApplicationScoped
public class RunEndedPublisher {
    private static final Logger LOG = Logger.getLogger(RunEndedPublisher.class);

    private final MutinyEmitter<RunEnded> emitter;

    public RunEndedPublisher(@Channel(Channels.SYNC_RUNS_ENDED) MutinyEmitter<RunEnded> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(EndedRun run) {
        RunEnded event = new RunEnded(MessageIds.runEnded(run.runId()), RunEnded.VERSION, run.runId(),
                run.organizationId(), SyncType.fromWire(run.syncType()), run.status().wire(), Instant.now());
        return emitter.sendMessage(Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(run.runId().toString()).build()))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("could not announce the end of run %s: %s", run.runId(), e.getMessage());
                    return null;
                });
    }
}
