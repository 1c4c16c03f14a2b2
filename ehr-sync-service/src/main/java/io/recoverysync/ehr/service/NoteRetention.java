package io.recoverysync.ehr.service;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Keeps note text only as long as needed: every {@code ehr-sync.retention.every}, the sections of notes stored in
 * EHRbase (or superseded) more than {@code ehr-sync.retention.note-text} ago (30 days) are cleared, a thousand rows
 * a statement until none is left. Pending and failed notes keep their text: they still have to reach EHRbase.
 */
@ApplicationScoped
public class NoteRetention {
    private static final Logger LOG = Logger.getLogger(NoteRetention.class);
    private static final int BATCH = 1000;

    private final NoteQueueRepository queue;
    private final EhrSyncConfig.Retention config;
    private final Lifecycle lifecycle;

    public NoteRetention(NoteQueueRepository queue, EhrSyncConfig config, Lifecycle lifecycle) {
        this.queue = queue;
        this.config = config.retention();
        this.lifecycle = lifecycle;
    }

    @Scheduled(identity = "ehr-note-retention", every = "${ehr-sync.retention.every:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (lifecycle.stopping()) {
            return Uni.createFrom().voidItem();
        }
        return purge().onFailure().recoverWithItem(e -> {
            LOG.warnf("note text retention pass failed (%s); the next pass retries", e.getClass().getSimpleName());
            return 0;
        }).replaceWithVoid();
    }

    /** Purges what is due; the number of note revisions whose text was cleared. */
    public Uni<Integer> purge() {
        return purge(0).invoke(n -> {
            if (n > 0) {
                LOG.infof("note text retention: the text of %d stored note revision(s) cleared", n);
            }
        });
    }

    private Uni<Integer> purge(int sofar) {
        return queue.purgeText(config.noteText(), BATCH)
                .chain(n -> n == BATCH && !lifecycle.stopping() ? purge(sofar + n) : Uni.createFrom().item(sofar + n));
    }
}
