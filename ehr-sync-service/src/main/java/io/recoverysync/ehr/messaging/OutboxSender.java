package io.recoverysync.ehr.messaging;

import io.recoverysync.ehr.repository.OutboxRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Sends one stored outbox message to its topic with its key; completes when the broker acknowledged it. Stateless, so a plain singleton. */
@Singleton
public class OutboxSender {
    private final MutinyEmitter<String> emitter;

    public OutboxSender(@Channel(Channels.OUTBOX) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = Channels.OUTBOX_BUFFER)
            MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(OutboxRepository.Stored message) {
        return emitter.sendMessage(Message.of(message.payload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(message.topic())
                        .withKey(message.key())
                        .build()));
    }
}
