package io.recoverysync.scheduler.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** appointment-sync-service's view of the shared IntakeQ budget. */
@RegisterRestClient(configKey = "appointment-sync")
interface QuotaApi {

    @GET
    @Path("/internal/quota")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> quota(@HeaderParam("Authorization") String authorization);
}
