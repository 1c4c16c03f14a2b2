package io.recoverysync.ehr;

import io.quarkus.test.Mock;
import io.recoverysync.ehr.messaging.Channels;
import io.recoverysync.ehr.messaging.OutboxSender;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The real sender, except that a test can make the next sends fail — the service "dying" between its database
 * commit and the publish, as far as Kafka is concerned.
 */
@Mock
@Singleton
public class FlakyOutboxSender extends OutboxSender {
    private static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();

    public FlakyOutboxSender(@Channel(Channels.OUTBOX) @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = Channels.OUTBOX_BUFFER) MutinyEmitter<String> emitter) {
        super(emitter);
    }

    /** The next {@code count} sends fail before reaching the broker. */
    public static void failNext(int count) {
        FAILURES_LEFT.set(count);
        FAILED.set(0);
    }

    /** Sends that failed since the last {@link #failNext}. */
    public static int failed() {
        return FAILED.get();
    }

    @Override
    public Uni<Void> send(OutboxRepository.Stored message) {
        if (FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            FAILED.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("injected: the broker never saw this"));
        }
        return super.send(message);
    }
}
