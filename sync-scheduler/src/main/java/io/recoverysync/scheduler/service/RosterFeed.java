package io.recoverysync.scheduler.service;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.scheduler.repository.RosterFeedRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps {@code roster.affiliations} equal to the roster: every few seconds (and when nudged after a roster write)
 * the affiliations whose state differs from what was last published go out with a new revision, and the ledger
 * records them in the same transaction, which holds a lock so that one replica publishes at a time. A failed send
 * rolls the ledger back, so the next pass sends the same changes again (consumers keep the highest revision).
 */
@ApplicationScoped
public class RosterFeed {
    private static final Logger LOG = Logger.getLogger(RosterFeed.class);
    /** Changes per transaction; a bigger backlog (the first start of a large roster) takes several passes. */
    static final int BATCH = 2_000;

    private final RosterFeedRepository ledger;
    private final AffiliationPublisher publisher;

    public RosterFeed(RosterFeedRepository ledger, AffiliationPublisher publisher) {
        this.ledger = ledger;
        this.publisher = publisher;
    }

    @Scheduled(identity = "roster-feed", every = "${sync.roster.publish-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not before start-up has finished: the channel's emitter is connected only then
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledPass() {
        return publishChanges()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("roster feed pass failed (%s); the next pass sends the same changes", e.toString());
                    return 0;
                })
                .replaceWithVoid();
    }

    /** Publishes everything that changed; the number of affiliations sent. */
    public Uni<Integer> publishChanges() {
        return pass().chain(sent -> sent < BATCH ? Uni.createFrom().item(sent) : publishChanges().map(more -> sent + more));
    }

    private Uni<Integer> pass() {
        return ledger.exclusively(conn -> ledger.unpublished(conn, BATCH)
                        .call(publisher::publish)
                        .call(changes -> ledger.published(conn, changes)))
                .invoke(changes -> {
                    if (!changes.isEmpty()) {
                        LOG.debugf("roster feed: %d affiliation change(s) published", changes.size());
                    }
                })
                .map(List::size);
    }
}
