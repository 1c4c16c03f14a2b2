package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.Operations;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** appointment-sync's operator endpoints (ops role), called with the operator's access token. */
@RegisterRestClient(configKey = "appointment-sync")
interface OpsAppointmentsApi {
    @GET
    @Path("/internal/mirror")
    Uni<Operations.Mirror> mirror(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/internal/quota")
    Uni<Operations.Quota> quota(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/internal/provider-mappings")
    Uni<List<Operations.ProviderMapping>> providerMappings(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/internal/provider-mappings/unmapped")
    Uni<List<Operations.Unmapped>> unmapped(@HeaderParam("Authorization") String bearer);

    /** One IntakeQ request; 502 when IntakeQ cannot be read. */
    @POST
    @Path("/internal/provider-mappings/import")
    Uni<Operations.ImportedPractitioners> importPractitioners(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/internal/discovery/clients")
    Uni<Operations.Discovery> discovery(@HeaderParam("Authorization") String bearer, @RestQuery int offset,
            @RestQuery int limit);

    @POST
    @Path("/internal/dlq/sync-commands/replay")
    Uni<Operations.Replayed> replayDeadLetters(@HeaderParam("Authorization") String bearer);
}
