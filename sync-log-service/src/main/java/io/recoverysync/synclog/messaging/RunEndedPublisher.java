package io.recoverysync.synclog.messaging;

import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RunEnded;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.synclog.repository.SyncLogRepository;
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
 * Announces ended runs on {@code sync.runs.ended}, after the ending transaction commits, and records on the run's
 * row that the broker has it. A send that fails is logged and repeated by the run-deadlines sweep (same message
 * id, so the scheduler applies it once), so a lost announcement never keeps an organization's next bulk refresh
 * waiting.
 */
@ApplicationScoped
public class RunEndedPublisher {
    private static final Logger LOG = Logger.getLogger(RunEndedPublisher.class);

    private final MutinyEmitter<RunEnded> emitter;
    private final SyncLogRepository repository;

    public RunEndedPublisher(@Channel(Channels.SYNC_RUNS_ENDED) MutinyEmitter<RunEnded> emitter,
            SyncLogRepository repository) {
        this.emitter = emitter;
        this.repository = repository;
    }

    public Uni<Void> publish(EndedRun run) {
        RunEnded event = new RunEnded(MessageIds.runEnded(run.runId()), RunEnded.VERSION, run.runId(),
                run.organizationId(), SyncType.fromWire(run.syncType()), run.status().wire(), Instant.now());
        return emitter.sendMessage(Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(run.runId().toString()).build()))
                .chain(() -> repository.markEndAnnounced(run.runId()))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("could not announce the end of run %s (%s); the sweep announces it again", run.runId(),
                            e.getClass().getSimpleName());
                    return null;
                });
    }
}
