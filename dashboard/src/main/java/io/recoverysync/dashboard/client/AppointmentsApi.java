package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.OrganizationAppointments;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** appointment-sync's day-view API, called with the signed-in user's access token (the {@code Authorization} header each call is given). */
@RegisterRestClient(configKey = "appointment-sync")
interface AppointmentsApi {
    @GET
    @Path("/api/organizations/{organizationId}/appointments")
    Uni<OrganizationAppointments> appointments(@HeaderParam("Authorization") String bearer, @RestPath UUID organizationId, @RestQuery Instant from,
            @RestQuery Instant to, @RestQuery Instant changesSince, @RestQuery UUID patientId);
}
