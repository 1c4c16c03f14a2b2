package io.recoverysync.contracts;

/** Kafka topic names shared by producers, consumers and tests; the only place they are spelled out. */
public final class Topics {
    /** {@link RunStarted}, key = runId. */
    public static final String SYNC_RUNS = "sync.runs";
    /** {@link SyncCommand}, key = patientId. */
    public static final String SYNC_COMMANDS = "sync.commands";
    /** {@link SyncResult}, key = runId. */
    public static final String SYNC_RESULTS = "sync.results";
    /** Dead letters of {@code sync.commands}. */
    public static final String SYNC_COMMANDS_DLQ = "sync.commands.dlq";
    /** Dead letters of {@code sync.results}. */
    public static final String SYNC_RESULTS_DLQ = "sync.results.dlq";
    /** Dead letters of {@code sync.runs}. */
    public static final String SYNC_RUNS_DLQ = "sync.runs.dlq";

    private Topics() {
    }
}
