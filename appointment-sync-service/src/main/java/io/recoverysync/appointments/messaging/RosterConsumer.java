package io.recoverysync.appointments.messaging;

import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.servicekit.roster.RosterView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps this service's roster view ({@code appointments.roster_affiliations}) equal to {@code roster.affiliations}:
 * one record at a time, newest revision wins, retried while PostgreSQL is down (commit strategy {@code latest});
 * an incomplete record is skipped, since the roster's owner re-sends every state it changes.
 */
@ApplicationScoped
public class RosterConsumer {
    public static final String CHANNEL = "roster-affiliations";

    private final RosterView view;

    public RosterConsumer(RosterView view) {
        this.view = view;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onAffiliation(org.apache.kafka.clients.consumer.ConsumerRecord<String, RosterAffiliation> record) {
        // the view's row and its position in the topic are stored together (RosterViewPositions seeks there)
        return view.consume(record.value(), record.topic(), record.partition(), record.offset());
    }
}
