package io.recoverysync.synclog.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** sync-scheduler's dashboard trigger for a bulk refresh; a null organizationId is not sent. */
@RegisterRestClient(configKey = "scheduler")
interface SchedulerApi {

    @POST
    @Path("/api/partner-dashboard/patients/sync-all")
    Uni<Response> syncAll(@HeaderParam("Authorization") String authorization,
            @QueryParam("organizationId") String organizationId);
}
