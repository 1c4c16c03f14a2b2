package io.recoverysync.synclog.messaging;

import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.synclog.service.RunAggregator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.recoverysync.synclog.service.InvalidEventException;
import java.time.Duration;
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
        return retryingOutages(aggregator.runStarted(event));
    }

    @Incoming(Channels.SYNC_RESULTS)
    public Uni<Void> onResult(SyncResult result) {
        return retryingOutages(aggregator.resultReceived(result));
    }

    /**
     * An invalid event is dead-lettered at once; a database or broker failure is retried (applying is idempotent)
     * so that an outage or a shutdown leaves the event unacknowledged for redelivery instead of dead-lettering it.
     */
    private static Uni<Void> retryingOutages(Uni<Void> work) {
        return work.onFailure(e -> !(e instanceof InvalidEventException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(100);
    }
}
