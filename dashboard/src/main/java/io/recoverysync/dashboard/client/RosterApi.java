package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
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
}
