package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.RosterWrite;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** sync-scheduler's roster API, called with the signed-in user's access token (the {@code Authorization} header each call is given) (the scheduler decides tenancy). */
@RegisterRestClient(configKey = "scheduler")
interface RosterApi {
    @GET
    @Path("/api/roster/organizations")
    Uni<List<RosterOrganization>> organizations(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/api/roster/organizations/{organizationId}/patients")
    Uni<RosterPage> patients(@HeaderParam("Authorization") String bearer, @RestPath UUID organizationId, @RestQuery String status, @RestQuery int offset,
            @RestQuery int limit);

    /** 200 {@link RosterWrite.Summary}; 400 naming fields. */
    @POST
    @Path("/api/roster/organizations/{organizationId}/patients")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RosterWrite.Summary> add(@HeaderParam("Authorization") String bearer, @RestPath UUID organizationId,
            RosterWrite.Patient patient);

    /** 200 {@link RosterWrite.Summary}; 400 naming fields; 404 for a patient not of the organization. */
    @PUT
    @Path("/api/roster/organizations/{organizationId}/patients/{patientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RosterWrite.Summary> update(@HeaderParam("Authorization") String bearer, @RestPath UUID organizationId,
            @RestPath UUID patientId, RosterWrite.Patient patient);

    /** 204; 404 for a patient not of the organization. */
    @POST
    @Path("/api/roster/organizations/{organizationId}/patients/{patientId}/discharge")
    Uni<Void> discharge(@HeaderParam("Authorization") String bearer, @RestPath UUID organizationId,
            @RestPath UUID patientId);

    /** All or nothing: 200 {@link RosterWrite.Summary}, or 422 naming every bad line. */
    @POST
    @Path("/api/roster/organizations/{organizationId}/patients/import")
    @Consumes("text/csv")
    Uni<RosterWrite.Summary> importCsv(@HeaderParam("Authorization") String bearer, @RestPath UUID organizationId,
            String csv);
}
