package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.repository.AppointmentRepository;
import io.recoverysync.servicekit.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Ops endpoint: maps an IntakeQ practitioner id to the clinic's provider id ({@code provider_intakeq_settings}). */
@Path("/internal/provider-mappings/{intakeqPractitionerId}")
@RolesAllowed(Caller.OPS)
public class ProviderMappingResource {
    private final AppointmentRepository repository;

    public ProviderMappingResource(AppointmentRepository repository) {
        this.repository = repository;
    }

    /** Request body. */
    public record ProviderMapping(@NotNull UUID providerId, @Email @Size(max = 320) String practitionerEmail) {
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("intakeqPractitionerId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String practitionerId,
            @NotNull @Valid ProviderMapping body) {
        return repository.mapPractitioner(practitionerId, body.providerId(), body.practitionerEmail())
                .map(ignored -> Response.noContent().build());
    }
}
