package io.recoverysync.appointments.rest;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.servicekit.BearerSecret;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.ProblemMappers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * The gate of the endpoints the scheduler calls with the service token ({@code INTERNAL_API_TOKEN}, compared in
 * constant time) that ops users may also call with their JWT: anyone else gets 401 (no credentials) or 403.
 */
@ApplicationScoped
class ServiceOrOps {
    private final AppointmentSyncConfig config;
    private final CurrentIdentityAssociation identity;

    ServiceOrOps(AppointmentSyncConfig config, CurrentIdentityAssociation identity) {
        this.config = config;
        this.identity = identity;
    }

    /**
     * {@code allowed} for the service token or an ops user; 401 (with {@code WWW-Authenticate}) for no usable
     * credentials at all — no header, an empty bearer, Basic, a token that is not valid — and 403 for a valid user
     * token without the ops role, as every other endpoint answers.
     */
    Uni<Response> answer(String authorization, Supplier<Uni<Response>> allowed) {
        if (BearerSecret.matches(authorization, config.roster().token())) {
            return allowed.get();
        }
        return identity.getDeferredIdentity().chain(caller -> caller.isAnonymous()
                ? Uni.createFrom().item(ProblemMappers.unauthorized())
                : caller.hasRole(Caller.OPS) ? allowed.get()
                : Uni.createFrom().item(Problem.response(Response.Status.FORBIDDEN, "The caller may not use this endpoint.")));
    }
}
