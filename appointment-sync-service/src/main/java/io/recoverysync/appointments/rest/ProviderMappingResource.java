package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.client.SyncFailure;
import io.recoverysync.appointments.repository.ProviderMappingRepository;
import io.recoverysync.appointments.service.ProviderMappings;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * Ops endpoints for {@code provider_intakeq_settings}: which clinic provider an IntakeQ practitioner is. List, read,
 * set and delete mappings, import IntakeQ's practitioners, and see which practitioners of the mirrored appointments
 * have no mapping (their appointments show the provider unknown).
 */
@Path("/internal/provider-mappings")
@RolesAllowed(Caller.OPS)
public class ProviderMappingResource {
    private static final String ID = "[A-Za-z0-9_-]{1,64}";

    private final ProviderMappingRepository repository;
    private final ProviderMappings mappings;

    public ProviderMappingResource(ProviderMappingRepository repository, ProviderMappings mappings) {
        this.repository = repository;
        this.mappings = mappings;
    }

    /** Request body. */
    public record ProviderMapping(@NotNull UUID providerId, @Email @Size(max = 320) String practitionerEmail,
            @Size(max = 200) String displayName) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<ProviderMappingRepository.Mapping>> list() {
        return repository.all();
    }

    /** Practitioners of the mirrored appointments without a mapping, with how many appointments each affects. */
    @GET
    @Path("/unmapped")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<ProviderMappingRepository.Unmapped>> unmapped() {
        return repository.unmapped();
    }

    /** Maps every IntakeQ practitioner without a mapping (one IntakeQ request); 502 problem when IntakeQ cannot be read. */
    @POST
    @Path("/import")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> importFromIntakeQ() {
        return mappings.importFromIntakeQ()
                .map(imported -> Response.ok(imported).build())
                .onFailure(SyncFailure.class)
                .recoverWithItem(e -> Problem.response(Response.Status.BAD_GATEWAY,
                        "IntakeQ's practitioners could not be read: " + ((SyncFailure) e).reason()));
    }

    @GET
    @Path("/{intakeqPractitionerId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> get(@PathParam("intakeqPractitionerId") @Pattern(regexp = ID) String practitionerId) {
        return repository.find(practitionerId)
                .map(m -> m == null ? unknown() : Response.ok(m).build());
    }

    @PUT
    @Path("/{intakeqPractitionerId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("intakeqPractitionerId") @Pattern(regexp = ID) String practitionerId,
            @NotNull @Valid ProviderMapping body) {
        return repository.put(practitionerId, body.providerId(), body.practitionerEmail(), blankToNull(body.displayName()))
                .map(ignored -> Response.noContent().build());
    }

    @DELETE
    @Path("/{intakeqPractitionerId}")
    public Uni<Response> delete(@PathParam("intakeqPractitionerId") @Pattern(regexp = ID) String practitionerId) {
        return repository.delete(practitionerId)
                .map(deleted -> deleted ? Response.noContent().build() : unknown());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Response unknown() {
        return Problem.response(Response.Status.NOT_FOUND, "No mapping for this practitioner.");
    }
}
