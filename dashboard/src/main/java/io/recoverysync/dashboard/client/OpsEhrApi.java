package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.Operations;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** ehr-sync's queue and re-drive, called with the operator's access token. */
@RegisterRestClient(configKey = "ehr-sync")
interface OpsEhrApi {
    /** Notes by status (pending, in_progress, completed, failed, superseded). */
    @GET
    @Path("/api/ehr/queue")
    Uni<Map<String, Long>> queue(@HeaderParam("Authorization") String bearer);

    /** Queues again the notes that failed for {@code reason} (an EHRbase reason code). */
    @POST
    @Path("/internal/ehr/notes/redrive")
    Uni<Operations.Redriven> redrive(@HeaderParam("Authorization") String bearer, @RestQuery String reason);
}
