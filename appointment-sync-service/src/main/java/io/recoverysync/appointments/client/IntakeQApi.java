package io.recoverysync.appointments.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The IntakeQ Appointments API as documented: X-Auth-Key header, yyyy-MM-dd dates, 1-based pages of 100. */
@RegisterRestClient(configKey = "intakeq")
interface IntakeQApi {

    /** A page of appointments, newest first; without {@code client} the whole practice's. Null parameters are left out. */
    @GET
    @Path("/appointments")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> appointments(@HeaderParam("X-Auth-Key") String apiKey,
            @QueryParam("client") String client,
            @QueryParam("startDate") String startDate,
            @QueryParam("endDate") String endDate,
            @QueryParam("updatedSince") String updatedSince,
            @QueryParam("deletedOnly") Boolean deletedOnly,
            @QueryParam("page") int page);

    /** One appointment; IntakeQ answers 404 for an id it does not know (or no longer shows: deleted). */
    @GET
    @Path("/appointments/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> appointment(@HeaderParam("X-Auth-Key") String apiKey, @PathParam("id") String id);

    /** The practice's booking settings: {@code Practitioners}, {@code Locations}, {@code Services}. */
    @GET
    @Path("/appointments/settings")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> settings(@HeaderParam("X-Auth-Key") String apiKey);
}
