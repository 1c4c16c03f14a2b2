package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.client.QuotaBudget;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.recoverysync.servicekit.BearerSecret;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.ProblemMappers;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The shared IntakeQ budget as it stands: for the scheduler's estimate before a bulk run (service token) and for
 * ops (JWT with the ops role).
 */
@Path("/internal/quota")
@PermitAll // authenticated below: the service token, else an ops user's token
public class QuotaResource {
    private final QuotaBudget quota;
    private final AppointmentSyncConfig config;
    private final CurrentIdentityAssociation identity;

    public QuotaResource(QuotaBudget quota, AppointmentSyncConfig config, CurrentIdentityAssociation identity) {
        this.quota = quota;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> status(@HeaderParam("Authorization") String authorization) {
        Uni<Boolean> allowed = BearerSecret.matches(authorization, config.roster().token())
                ? Uni.createFrom().item(true)
                : identity.getDeferredIdentity().map(caller -> !caller.isAnonymous() && caller.hasRole(Caller.OPS));
        return allowed.chain(ok -> ok
                ? quota.status().map(status -> Response.ok(status).build())
                : Uni.createFrom().item(authorization == null ? ProblemMappers.unauthorized()
                        : Problem.response(Response.Status.FORBIDDEN, "The caller may not use this endpoint.")));
    }
}
