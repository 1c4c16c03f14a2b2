package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.BulkStarted;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** sync-scheduler's refresh of every patient of the user's organization, called with the user's access token. */
@RegisterRestClient(configKey = "scheduler")
interface BulkApi {
    /** 202 with the run; 409 ({@link io.recoverysync.contracts.api.BulkConflict}) while one is still open. */
    @POST
    @Path("/api/partner-dashboard/patients/sync-all")
    Uni<BulkStarted> syncAll(@HeaderParam("Authorization") String bearer);
}
