package io.recoverysync.scheduler.messaging;

import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes run announcements and per-patient commands; each Uni completes when the broker has acknowledged. */
@ApplicationScoped
public class SyncPublisher {
    public static final String RUNS_CHANNEL = "sync-runs";
    public static final String COMMANDS_CHANNEL = "sync-commands";

    private final MutinyEmitter<RunStarted> runs;
    private final MutinyEmitter<SyncCommand> commands;

    public SyncPublisher(@Channel(RUNS_CHANNEL) MutinyEmitter<RunStarted> runs,
            @Channel(COMMANDS_CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<SyncCommand> commands) {
        this.runs = runs;
        this.commands = commands;
    }

    public Uni<Void> runStarted(RunStarted event) {
        return runs.sendMessage(keyed(event.runId().toString(), event));
    }

    /**
     * Sends every command to its lane topic ({@link Topics#commandsFor}) and completes once all are acknowledged
     * (fails if any is not).
     */
    public Uni<Void> commands(List<SyncCommand> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>(batch.size());
        for (SyncCommand command : batch) {
            sends.add(commands.sendMessage(Message.of(command).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(command.patientId().toString())
                    .withTopic(Topics.commandsFor(command.syncType()))
                    .build())));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
