package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.appointments.service.WebhookIntake;
import io.recoverysync.servicekit.BearerSecret;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * IntakeQ's appointment webhook. IntakeQ documents no signature, so the gate is a secret in the URL path
 * ({@code INTAKEQ_WEBHOOK_SECRET}, compared in constant time; a wrong or unset one is a 404), plus the account's API
 * key where the delivery carries {@code X-Auth-Key} (a wrong one is a 401). The event is recorded before the 202,
 * and applied in the background.
 */
@Path("/api/intakeq/webhook/{secret}")
@PermitAll // authenticated below by the path secret (and X-Auth-Key when sent), both compared in constant time
public class WebhookResource {
    private final WebhookIntake intake;
    private final AppointmentSyncConfig config;

    public WebhookResource(WebhookIntake intake, AppointmentSyncConfig config) {
        this.intake = intake;
        this.config = config;
    }

    /** The 202 answer: what became of the delivery ({@code recorded}, {@code duplicate} or {@code ignored}). */
    public record Accepted(String outcome, String eventType, String appointmentId) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@PathParam("secret") String secret, @HeaderParam("X-Auth-Key") String authKey,
            String body) {
        if (!BearerSecret.matchesValue(secret, config.webhook().secret())) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown webhook."));
        }
        if (authKey != null && !BearerSecret.matchesValue(authKey, config.intakeq().apiKey())) {
            return Uni.createFrom().item(Problem.response(Response.Status.UNAUTHORIZED,
                    "X-Auth-Key is not this account's IntakeQ API key."));
        }
        return intake.receive(body)
                .map(r -> Response.accepted(new Accepted(r.outcome(), r.eventType(), r.appointmentId())).build())
                .onFailure(WebhookIntake.NotAWebhook.class)
                .recoverWithItem(e -> Problem.response(Response.Status.BAD_REQUEST, e.getMessage()));
    }
}
