package io.recoverysync.ehr.service;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.contracts.EhrNoteSigned;
import io.recoverysync.contracts.Topics;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.messaging.OutboxRelay;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The safety net: every {@code ehr-sync.sweep.every} it re-emits on ehr.notes (through the outbox) the notes that
 * nobody is working on — due notes with no event queued for {@code stale-after} (a lost event, a retry whose
 * instance died) and notes whose worker's lease ran out. Replicas sweep disjoint rows (SKIP LOCKED).
 */
@ApplicationScoped
public class SafetySweep {
    private static final Logger LOG = Logger.getLogger(SafetySweep.class);

    private final NoteQueueRepository queue;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final Lifecycle lifecycle;
    private final EhrSyncConfig.Sweep config;
    private final Clock clock;

    public SafetySweep(NoteQueueRepository queue, OutboxRepository outbox, OutboxRelay relay, EhrSyncConfig config,
            Clock clock, Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config.sweep();
        this.clock = clock;
    }

    @Scheduled(identity = "ehr-safety-sweep", every = "${ehr-sync.sweep.every:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (lifecycle.stopping()) {
            return Uni.createFrom().voidItem();
        }
        return sweep().onFailure().recoverWithItem(e -> {
            LOG.warnf("EHR sweep failed (%s); next run retries", e.getClass().getSimpleName());
            return 0;
        }).replaceWithVoid();
    }

    /** Re-emits stale notes; the number re-emitted. */
    public Uni<Integer> sweep() {
        return queue.inTransaction(tx -> queue.takeStale(tx, config.staleAfter(), config.batchSize())
                        .call(stale -> outbox.add(tx, stale.stream().map(a -> announcement(a, clock.instant())).toList()))
                        .map(List::size))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("EHR sweep re-emitted %d note(s)", n);
                        relay.nudge();
                    }
                });
    }

    /** The ehr.notes event that gets a queued note posted (ids only), keyed by patient. */
    static OutboxRepository.Message announcement(NoteQueueRepository.Announce a, java.time.Instant now) {
        return new OutboxRepository.Message(Topics.EHR_NOTES, a.patientId().toString(),
                new EhrNoteSigned(UUID.randomUUID(), EhrNoteSigned.VERSION, a.id(), a.noteId(), a.revision(),
                        a.patientId(), a.organizationId(), now));
    }
}
