package io.recoverysync.synclog.messaging;

import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.synclog.service.RunAggregator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code sync.runs} and {@code sync.results} and hands each event to the {@link RunAggregator}; a failed
 * Uni nacks the record, which the channel's failure strategy sends to the dead-letter topic.
 */
@ApplicationScoped
public class SyncEventsConsumer {
    private final RunAggregator aggregator;

    public SyncEventsConsumer(RunAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Incoming(Channels.SYNC_RUNS)
    public Uni<Void> onRunStarted(RunStarted event) {
        return aggregator.runStarted(event);
    }

    @Incoming(Channels.SYNC_RESULTS)
    public Uni<Void> onResult(SyncResult result) {
        return aggregator.resultReceived(result);
    }
}
