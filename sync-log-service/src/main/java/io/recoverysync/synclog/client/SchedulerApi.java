package io.recoverysync.synclog.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** sync-scheduler's dashboard: the patient list and the refresh triggers; null query values are not sent. */
@RegisterRestClient(configKey = "scheduler")
interface SchedulerApi {

    @POST
    @Path("/api/partner-dashboard/patients/sync-all")
    Uni<Response> syncAll(@HeaderParam("Authorization") String authorization,
            @QueryParam("organizationId") String organizationId);

    @POST
    @Path("/api/partner-dashboard/patients/{patientId}/sync")
    Uni<Response> syncPatient(@HeaderParam("Authorization") String authorization, @PathParam("patientId") String patientId);

    @GET
    @Path("/api/partner-dashboard/patients")
    Uni<Response> patients(@HeaderParam("Authorization") String authorization,
            @QueryParam("organizationId") String organizationId, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit);
}
