package io.recoverysync.scheduler.messaging;

import io.recoverysync.contracts.ClientLink;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.scheduler.service.RosterFeed;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Writes back the IntakeQ client appointment-sync found for a roster patient by its email: a patient that still has
 * no client id gets it, unless another patient already has that client (then the roster is left as it is). The
 * roster feed then publishes the patient's affiliations with the client id. Idempotent: a repeated link changes
 * nothing.
 */
@ApplicationScoped
public class ClientLinkConsumer {
    public static final String CHANNEL = "roster-client-links";
    private static final Logger LOG = Logger.getLogger(ClientLinkConsumer.class);

    private final RosterRepository roster;
    private final RosterFeed feed;

    public ClientLinkConsumer(RosterRepository roster, RosterFeed feed) {
        this.roster = roster;
        this.feed = feed;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onLink(ClientLink link) {
        if (link == null || link.patientId() == null || link.intakeqClientId() <= 0) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable or incomplete ClientLink"));
        }
        // retried, not nacked (commit-strategy latest: the wait holds no other record's commit hostage)
        return roster.adoptClientId(link.patientId(), link.intakeqClientId())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(100)
                .invoke(adopted -> {
                    if (adopted) {
                        LOG.infof("roster: patient %s now has its IntakeQ client id (found by email)", link.patientId());
                        feed.publishChanges().subscribe().with(sent -> { }, e -> LOG.debugf(
                                "roster feed after a client link failed (%s); its next pass sends it", e.toString()));
                    }
                })
                .replaceWithVoid();
    }
}
