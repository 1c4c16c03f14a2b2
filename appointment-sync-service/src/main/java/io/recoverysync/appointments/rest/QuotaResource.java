package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.client.QuotaBudget;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.servicekit.BearerSecret;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The shared IntakeQ budget as it stands (ops, and the scheduler's estimate before a bulk run). */
@Path("/internal/quota")
public class QuotaResource {
    private final QuotaBudget quota;
    private final AppointmentSyncConfig config;

    public QuotaResource(QuotaBudget quota, AppointmentSyncConfig config) {
        this.quota = quota;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> status(@HeaderParam("Authorization") String authorization) {
        if (!BearerSecret.matches(authorization, config.roster().token())) {
            return Uni.createFrom().item(Problem.response(Response.Status.UNAUTHORIZED, "A valid service token is required."));
        }
        return quota.status().map(status -> Response.ok(status).build());
    }
}
