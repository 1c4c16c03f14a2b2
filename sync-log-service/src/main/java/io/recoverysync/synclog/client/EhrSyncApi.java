package io.recoverysync.synclog.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ehr-sync-service's queue depth by status. */
@RegisterRestClient(configKey = "ehr-sync")
interface EhrSyncApi {

    @GET
    @Path("/api/ehr/queue")
    Uni<Response> queue(@HeaderParam("Authorization") String authorization);
}
