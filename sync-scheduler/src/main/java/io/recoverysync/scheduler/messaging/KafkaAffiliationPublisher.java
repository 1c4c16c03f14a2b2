package io.recoverysync.scheduler.messaging;

import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.scheduler.RosterChange;
import io.recoverysync.scheduler.service.AffiliationPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** {@link AffiliationPublisher} on the compacted topic {@code roster.affiliations}, keyed per (patient, organization). */
@ApplicationScoped
public class KafkaAffiliationPublisher implements AffiliationPublisher {
    public static final String CHANNEL = "roster-affiliations";

    private final MutinyEmitter<RosterAffiliation> emitter;

    public KafkaAffiliationPublisher(
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<RosterAffiliation> emitter) {
        this.emitter = emitter;
    }

    @Override
    public Uni<Void> publish(List<RosterChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return Uni.join().all(changes.stream().map(c -> emitter.sendMessage(Message.of(new RosterAffiliation(
                                MessageIds.rosterAffiliation(c.patientId(), c.organizationId(), c.revision()),
                                RosterAffiliation.VERSION, c.patientId(), c.organizationId(), c.status(),
                                c.intakeqClientId(), c.hasEmail(), c.revision(), now))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(RosterAffiliation.key(c.patientId(), c.organizationId())).build())))
                        .toList())
                .andFailFast()
                .replaceWithVoid();
    }
}
