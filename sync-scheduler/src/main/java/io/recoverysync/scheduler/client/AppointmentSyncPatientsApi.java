package io.recoverysync.scheduler.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * appointment-sync-service's view of patients: summaries (newest sync, next appointment) and the appointments of a
 * window; patient ids in, ids, times, statuses, providers, places and links out.
 */
@RegisterRestClient(configKey = "appointment-sync")
interface AppointmentSyncPatientsApi {

    @POST
    @Path("/internal/patient-summaries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> summaries(@HeaderParam("Authorization") String authorization, Map<String, List<UUID>> body);

    @POST
    @Path("/internal/patient-appointments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> appointments(@HeaderParam("Authorization") String authorization, Map<String, Object> body);
}
