package io.recoverysync.scheduler.messaging;

import io.recoverysync.servicekit.LogContext;
import io.recoverysync.contracts.RunEnded;
import io.recoverysync.scheduler.repository.RunRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Records the run ends the log service announces, which lets an organization start its next bulk refresh. */
@ApplicationScoped
public class RunEndedConsumer {
    public static final String CHANNEL = "sync-runs-ended";

    private final RunRepository runs;

    public RunEndedConsumer(RunRepository runs) {
        this.runs = runs;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRunEnded(RunEnded event) {
        if (event == null || event.runId() == null || event.status() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable or incomplete RunEnded"));
        }
        LogContext.of(event.runId(), null);
        // retried, not nacked: a lost end would keep the organization's next bulk refresh waiting for the max duration
        return runs.markEnded(event.runId(), event.status(), event.endedAt() == null ? Instant.now() : event.endedAt())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(100);
    }
}
