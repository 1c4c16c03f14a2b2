package io.recoverysync.ehr.service;

import io.recoverysync.ehr.config.EhrSyncConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Posts notes in the background with bounded concurrency ({@code ehr-sync.worker.concurrency}), one patient's
 * notes one after the other ({@link PatientLanes}). {@link #submit} completes once a worker slot is taken, which
 * is when the ehr.notes consumer acknowledges the event: the queue row, not the Kafka offset, is what must not
 * be lost, and the sweep re-emits anything a crashed instance was holding. A transient failure schedules the
 * retry in process at its {@code next_attempt_at}; the sweep covers it if this instance dies first.
 */
@ApplicationScoped
public class NoteDispatcher {
    private static final Logger LOG = Logger.getLogger(NoteDispatcher.class);

    private final NotePoster poster;
    private final PatientLanes lanes;
    private final Clock clock;
    private final Permits permits;
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();

    public NoteDispatcher(NotePoster poster, PatientLanes lanes, EhrSyncConfig config, Clock clock) {
        this.poster = poster;
        this.lanes = lanes;
        this.clock = clock;
        this.permits = new Permits(Math.max(1, config.worker().concurrency()));
    }

    /** Queues the note for posting here; completes when a worker slot is taken (at once for a note already queued). */
    public Uni<Void> submit(UUID queueId, UUID patientId) {
        if (!active.add(queueId)) {
            return Uni.createFrom().voidItem();
        }
        CompletableFuture<Void> turn = permits.acquire();
        return Uni.createFrom().completionStage(turn)
                .onCancellation().invoke(() -> {
                    // the consumer went away while waiting (shutdown, rebalance): give the slot and the id back
                    if (!turn.cancel(false)) {
                        permits.release();
                    }
                    active.remove(queueId);
                })
                .invoke(() -> start(queueId, patientId))
                .replaceWithVoid();
    }

    /** Posts the note now, in its patient's lane, and tells how it went (used by per-patient drains). */
    public Uni<Outcome> postNow(UUID queueId, UUID patientId) {
        return lanes.serialized(patientId, () -> poster.process(queueId));
    }

    private void start(UUID queueId, UUID patientId) {
        lanes.serialized(patientId, () -> poster.process(queueId))
                .onTermination().invoke(() -> {
                    active.remove(queueId);
                    permits.release();
                })
                .subscribe().with(
                        outcome -> {
                            if (outcome.kind() == Outcome.Kind.RETRY) {
                                retryAt(queueId, patientId, outcome.retryAt());
                            }
                        },
                        e -> LOG.errorf("note queue row %s: posting failed unexpectedly (%s)", queueId,
                                e.getClass().getSimpleName()));
    }

    private void retryAt(UUID queueId, UUID patientId, Instant at) {
        Duration wait = Duration.between(clock.instant(), at);
        Uni.createFrom().voidItem()
                .onItem().delayIt().by(wait.isNegative() ? Duration.ZERO : wait)
                .chain(() -> submit(queueId, patientId))
                .subscribe().with(ignored -> { }, e -> LOG.warnf("note queue row %s: retry not scheduled (%s); the sweep "
                        + "will pick it up", queueId, e.getClass().getSimpleName()));
    }

    /** Notes queued or being posted by this instance. */
    public int inFlight() {
        return active.size();
    }

    /** An asynchronous counting semaphore: waiting callers get a future instead of a blocked thread. */
    static final class Permits {
        private final int max;
        private int used;
        private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();

        Permits(int max) {
            this.max = max;
        }

        synchronized CompletableFuture<Void> acquire() {
            if (used < max) {
                used++;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> turn = new CompletableFuture<>();
            waiting.add(turn);
            return turn;
        }

        /** Hands the slot to the next waiter that is still waiting, else frees it. */
        void release() {
            while (true) {
                CompletableFuture<Void> next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null) {
                        used--;
                        return;
                    }
                }
                // completed outside the lock: the waiter's continuation runs on this thread
                if (next.complete(null)) {
                    return;
                }
            }
        }
    }
}
