package io.recoverysync.ehr.messaging;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.recoverysync.ehr.service.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: locks the oldest rows (SKIP LOCKED, so replicas share the work), sends them, deletes them
 * in the same transaction once the broker acknowledged. A failed send rolls the transaction back and the rows go
 * out on the next pass — after every write ({@link #nudge()}) and on a timer. A crash between send and commit
 * publishes a message twice; every consumer is idempotent.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final int batchSize;
    private final Lifecycle lifecycle;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public OutboxRelay(Pool pool, OutboxRepository outbox, OutboxSender sender, EhrSyncConfig config, Lifecycle lifecycle) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.sender = sender;
        this.batchSize = config.outbox().batchSize();
    }

    /** Publishes what is waiting, now; a call while a pass is running makes that pass go round once more. */
    public void nudge() {
        if (!lifecycle.running()) {
            return; // before start-up finished the emitter may not be connected yet; the first pass after sends it
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        drain().subscribe().with(
                published -> finish(),
                e -> {
                    LOG.warnf("outbox publish failed (%s); retrying on the next pass", e.getClass().getSimpleName());
                    finish();
                });
    }

    /** The first pass, once start-up finished (after {@link Lifecycle} marked it): what waited goes out now. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) StartupEvent event) {
        nudge();
    }

    @Scheduled(identity = "ehr-outbox-poll", every = "${ehr-sync.outbox.poll-every:2s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        nudge();
    }

    private void finish() {
        running.set(false);
        if (again.getAndSet(false)) {
            nudge();
        }
    }

    private Uni<Integer> drain() {
        return publishBatch().chain(n -> n < batchSize ? Uni.createFrom().item(n) : drain().map(m -> n + m));
    }

    private Uni<Integer> publishBatch() {
        return pool.withTransaction(tx -> outbox.lockBatch(tx, batchSize)
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    rows.forEach(row -> sends.add(sender.send(row)));
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> outbox.delete(tx, rows.stream().map(OutboxRepository.Stored::id).toList()))
                            .replaceWith(rows.size());
                }));
    }
}
