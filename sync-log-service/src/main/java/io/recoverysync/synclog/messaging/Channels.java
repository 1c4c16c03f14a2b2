package io.recoverysync.synclog.messaging;

/** Names of the messaging channels (configured under {@code mp.messaging.incoming.<name>}), reused by tests. */
public final class Channels {
    /** {@code RunStarted} events read from {@code sync.runs}. */
    public static final String SYNC_RUNS = "sync-runs";
    /** {@code SyncResult} events read from {@code sync.results}. */
    public static final String SYNC_RESULTS = "sync-results";
    /** {@code RunEnded} events written to {@code sync.runs.ended}. */
    public static final String SYNC_RUNS_ENDED = "sync-runs-ended";

    private Channels() {
    }
}
