package io.recoverysync.synclog.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverysync.synclog.config.SyncLogConfig;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run's live progress for the dashboard's stream: the run as it stands, then the run again each time its row
 * changes, ending with the state that ended it. The row is re-read from the database every {@code poll-every}
 * rather than pushed from {@link RunAggregator}, because with several replicas another one may be applying the
 * run's results. An unchanged run is re-sent every {@code heartbeat} so proxies keep the connection open; a stream
 * ends after {@code max-duration} even while the run goes on (the client reconnects). Each open stream costs one
 * query per poll, so at most {@code max-streams} follow running runs at once in this replica
 * ({@code synclog_progress_streams} shows how many do).
 */
@ApplicationScoped
public class RunProgress {
    private final SyncLogQueries queries;
    private final SyncLogConfig.Progress config;
    private final AtomicInteger open = new AtomicInteger();

    public RunProgress(SyncLogQueries queries, SyncLogConfig config, MeterRegistry registry) {
        this.queries = queries;
        this.config = config.progress();
        Gauge.builder("synclog.progress.streams", open, AtomicInteger::get)
                .description("Progress streams now following a running run")
                .register(registry);
    }

    /**
     * The stream of {@code run}'s states from {@code run} itself on; it completes once the run has ended.
     *
     * @throws TooManyStreams when {@code max-streams} streams already follow running runs
     */
    public Multi<SyncLogView> follow(SyncLogView run) {
        if (ended(run)) {
            return Multi.createFrom().item(run);
        }
        if (open.get() >= config.maxStreams()) {
            throw new TooManyStreams();
        }
        AtomicReference<SyncLogView> last = new AtomicReference<>(run);
        AtomicLong lastSentAt = new AtomicLong(System.nanoTime());
        long heartbeatNanos = config.heartbeat().toNanos();
        long deadline = System.nanoTime() + config.maxDuration().toNanos();
        Multi<SyncLogView> changes = Multi.createBy().repeating()
                .uni(() -> queries.find(run.id())
                        .map(found -> found.orElse(last.get())))
                .withDelay(config.pollEvery())
                .whilst(view -> !ended(view) && System.nanoTime() < deadline)
                .select().where(view -> !view.equals(last.get())
                        || ended(view)
                        || System.nanoTime() - lastSentAt.get() >= heartbeatNanos)
                .invoke(view -> {
                    last.set(view);
                    lastSentAt.set(System.nanoTime());
                });
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(run), changes)
                .onSubscription().invoke(open::incrementAndGet)
                .onTermination().invoke(open::decrementAndGet);
    }

    private static boolean ended(SyncLogView view) {
        return !RunStatus.RUNNING.wire().equals(view.status());
    }

    /** Every progress stream this replica may serve is taken; answered 503 with Retry-After. */
    public static final class TooManyStreams extends RuntimeException {
        TooManyStreams() {
            super("Too many live progress streams are open; try again shortly or read GET /api/sync-logs/{id}.",
                    null, false, false);
        }
    }
}
