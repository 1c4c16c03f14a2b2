package io.recoverysync.ehr.messaging;

import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.servicekit.roster.RosterView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps this service's roster view ({@code ehr.roster_affiliations}) equal to {@code roster.affiliations}. Records
 * are applied one at a time, newest revision wins, so a redelivery changes nothing. While PostgreSQL is down the
 * record is retried until it is stored (the channel commits with the {@code latest} strategy, which has no
 * per-record age limit); an incomplete record is skipped, since the roster's owner re-sends every state it changes.
 */
@ApplicationScoped
public class RosterConsumer {
    private static final Logger LOG = Logger.getLogger(RosterConsumer.class);

    private final RosterView view;

    public RosterConsumer(RosterView view) {
        this.view = view;
    }

    @Incoming(Channels.ROSTER)
    public Uni<Void> onAffiliation(RosterAffiliation affiliation) {
        if (!RosterView.isComplete(affiliation)) {
            LOG.warn("skipped an unreadable or incomplete roster.affiliations record");
            return Uni.createFrom().voidItem();
        }
        return view.apply(affiliation)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .replaceWithVoid();
    }
}
