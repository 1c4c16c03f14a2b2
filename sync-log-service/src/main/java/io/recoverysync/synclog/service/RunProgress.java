package io.recoverysync.synclog.service;

import io.recoverysync.synclog.config.SyncLogConfig;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run's live progress for the dashboard's stream: the run as it stands, then the run again each time its row
 * changes, ending with the state that ended it. The row is re-read from the database every {@code poll-every}
 * rather than pushed from {@link RunAggregator}, because with several replicas another one may be applying the
 * run's results. An unchanged run is re-sent every {@code heartbeat} so proxies keep the connection open; a stream
 * ends after {@code max-duration} even while the run goes on (the client reconnects).
 */
@ApplicationScoped
public class RunProgress {
    private final SyncLogQueries queries;
    private final SyncLogConfig.Progress config;

    public RunProgress(SyncLogQueries queries, SyncLogConfig config) {
        this.queries = queries;
        this.config = config.progress();
    }

    /** The stream of {@code run}'s states from {@code run} itself on; it completes once the run has ended. */
    public Multi<SyncLogView> follow(SyncLogView run) {
        if (ended(run)) {
            return Multi.createFrom().item(run);
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
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(run), changes);
    }

    private static boolean ended(SyncLogView view) {
        return !RunStatus.RUNNING.wire().equals(view.status());
    }
}
