package io.recoverysync.synclog.client;

import io.recoverysync.synclog.config.SyncLogConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Reads ehr-sync-service's queue depth for the console, with the caller's own credentials; a read, so retried once. */
@ApplicationScoped
public class EhrQueueClient {
    private final EhrSyncApi api;
    private final SyncLogConfig config;

    public EhrQueueClient(@RestClient EhrSyncApi api, SyncLogConfig config) {
        this.api = api;
        this.config = config;
    }

    public Uni<Forwarded> queue(String authorization) {
        return Forwarded.relay("ehr-sync-service",
                        Uni.createFrom().deferred(() -> api.queue(authorization)),
                        config.console().timeout())
                .onFailure(e -> e instanceof Forwarded.DownstreamUnavailable d && !d.timedOut())
                .retry().withBackOff(Duration.ofMillis(200)).atMost(1);
    }
}
