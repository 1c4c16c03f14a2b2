package io.recoverysync.ehr.messaging;

import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.servicekit.roster.RosterView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps this service's roster view ({@code ehr.roster_affiliations}) equal to {@code roster.affiliations}. Records
 * are applied one at a time, newest revision wins, so a redelivery changes nothing. While PostgreSQL is down the
 * record is retried until it is stored (the channel commits with the {@code latest} strategy, which has no
 * per-record age limit); an incomplete record is skipped, since the roster's owner re-sends every state it changes.
 */
@ApplicationScoped
public class RosterConsumer {
    private final RosterView view;

    public RosterConsumer(RosterView view) {
        this.view = view;
    }

    @Incoming(Channels.ROSTER)
    public Uni<Void> onAffiliation(org.apache.kafka.clients.consumer.ConsumerRecord<String, RosterAffiliation> record) {
        // the view's row and its position in the topic are stored together (RosterViewPositions seeks there)
        return view.consume(record.value(), record.topic(), record.partition(), record.offset());
    }
}
