package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.servicekit.BearerSecret;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Ops endpoint: maps an IntakeQ practitioner id to the clinic's provider id ({@code provider_intakeq_settings}). */
@Path("/internal/provider-mappings/{intakeqPractitionerId}")
public class ProviderMappingResource {
    private final AppointmentRepository repository;
    private final AppointmentSyncConfig config;

    public ProviderMappingResource(AppointmentRepository repository, AppointmentSyncConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Request body. */
    public record ProviderMapping(@NotNull UUID providerId, @Email @Size(max = 320) String practitionerEmail) {
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@HeaderParam("Authorization") String authorization,
            @PathParam("intakeqPractitionerId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String practitionerId,
            @NotNull @Valid ProviderMapping body) {
        if (!BearerSecret.matches(authorization, config.roster().token())) {
            return Uni.createFrom().item(Problem.response(Response.Status.UNAUTHORIZED, "A valid service token is required."));
        }
        return repository.mapPractitioner(practitionerId, body.providerId(), body.practitionerEmail())
                .map(ignored -> Response.noContent().build());
    }
}
