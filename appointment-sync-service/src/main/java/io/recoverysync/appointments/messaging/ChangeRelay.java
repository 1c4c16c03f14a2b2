package io.recoverysync.appointments.messaging;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.appointments.repository.ChangeRepository;
import io.recoverysync.appointments.service.ChangeAnnouncer;
import io.recoverysync.appointments.service.OnePassAtATime;
import io.recoverysync.contracts.AppointmentsChanged;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * {@link ChangeAnnouncer} on {@code appointments.changed} (key patientId): claims the outbox's unpublished
 * announcements, sends them and commits once the broker has every one, so a failed send or a crash leaves them for
 * the next pass (at least once; consumers recognise a repeat by its messageId). Nudged after each change, and every
 * few seconds for what a crash left behind.
 */
@ApplicationScoped
public class ChangeRelay implements ChangeAnnouncer {
    public static final String CHANNEL = "appointments-changed";
    private static final int BATCH = 200;

    private final Pool pool;
    private final ChangeRepository changes;
    private final MutinyEmitter<AppointmentsChanged> emitter;
    private final OnePassAtATime passes = new OnePassAtATime("change relay", this::drain);

    public ChangeRelay(Pool pool, ChangeRepository changes,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<AppointmentsChanged> emitter) {
        this.pool = pool;
        this.changes = changes;
        this.emitter = emitter;
    }

    @Override
    public void nudge() {
        passes.nudge();
    }

    @Scheduled(identity = "change-relay", every = "${appointment-sync.changes.relay-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not before start-up has finished: the channel's emitter is connected only then
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        nudge();
    }

    @Scheduled(identity = "change-history-purge", every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purge() {
        return changes.purge(Duration.ofDays(90), Duration.ofDays(1)).onFailure().recoverWithNull();
    }

    private Uni<Integer> drain() {
        return pool.withTransaction(conn -> changes.claimUnpublished(conn, BATCH)
                        .call(claimed -> Multi.createFrom().iterable(claimed)
                                .onItem().transformToUniAndConcatenate(this::send)
                                .collect().asList())
                        .map(claimed -> claimed.size()))
                .chain(sent -> sent < BATCH ? Uni.createFrom().item(sent) : drain().map(more -> more + sent));
    }

    private Uni<Void> send(AppointmentsChanged message) {
        return emitter.sendMessage(Message.of(message)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(message.patientId().toString()).build()));
    }
}
