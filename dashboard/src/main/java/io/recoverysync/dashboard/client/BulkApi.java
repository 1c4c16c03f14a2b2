package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.BulkStarted;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** sync-scheduler's refreshes (every patient of the user's organization, or one), called with the user's access token. */
@RegisterRestClient(configKey = "scheduler")
interface BulkApi {
    /** 202 with the run; 409 ({@link io.recoverysync.contracts.api.BulkConflict}) while one is still open. */
    @POST
    @Path("/api/partner-dashboard/patients/sync-all")
    Uni<BulkStarted> syncAll(@HeaderParam("Authorization") String bearer);

    /** 202 with the run of one patient's refresh; 404 for a patient not active in the user's organization. */
    @POST
    @Path("/api/partner-dashboard/patients/{patientId}/sync")
    Uni<BulkStarted> syncPatient(@HeaderParam("Authorization") String bearer, @RestPath UUID patientId);
}
