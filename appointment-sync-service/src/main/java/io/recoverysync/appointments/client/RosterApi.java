package io.recoverysync.appointments.client;

import io.recoverysync.contracts.RosterPatient;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** sync-scheduler's internal roster lookup. */
@RegisterRestClient(configKey = "roster")
interface RosterApi {

    @GET
    @Path(RosterPatient.PATH)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> patient(@HeaderParam("Authorization") String authorization, @PathParam("patientId") UUID patientId,
            @QueryParam("organizationId") UUID preferredOrganization);
}
