package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.SignedNotes;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** ehr-sync's notes of the signed-in clinician (the token's subject decides whose). */
@RegisterRestClient(configKey = "ehr-sync")
interface NotesApi {
    @GET
    @Path("/api/ehr/soap-notes/mine")
    Uni<SignedNotes> mine(@HeaderParam("Authorization") String bearer, @RestQuery int limit);
}
