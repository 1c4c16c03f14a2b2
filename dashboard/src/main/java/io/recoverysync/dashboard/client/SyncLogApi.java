package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.SyncLogEntry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** sync-log-service's runs, read with the user's access token (another organization's run is not found). */
@RegisterRestClient(configKey = "sync-log")
interface SyncLogApi {
    @GET
    @Path("/api/sync-logs/{id}")
    Uni<SyncLogEntry> run(@HeaderParam("Authorization") String bearer, @RestPath UUID id);

    /** The organization's runs, newest first (without their per-patient errors). */
    @GET
    @Path("/api/sync-logs")
    Uni<List<SyncLogEntry>> runs(@HeaderParam("Authorization") String bearer, @RestQuery UUID organizationId,
            @RestQuery int limit);
}
