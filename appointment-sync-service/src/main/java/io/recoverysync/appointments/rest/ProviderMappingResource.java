package io.recoverysync.appointments.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.appointments.client.SyncFailure;
import io.recoverysync.appointments.repository.ProviderMappingRepository;
import io.recoverysync.appointments.service.ProviderMappings;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
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
import java.util.ArrayList;
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

    /** A mapping as the PUT body gives it (read strictly by {@code strict}). */
    public record ProviderMapping(UUID providerId, String practitionerEmail, String displayName) {
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
            JsonNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        ProviderMapping mapping = strict(body, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problem.invalid("The mapping is invalid.", errors).toResponse());
        }
        return repository.put(practitionerId, mapping.providerId(), mapping.practitionerEmail(),
                        blankToNull(mapping.displayName()))
                .map(ignored -> Response.noContent().build());
    }

    private static final java.util.Set<String> FIELDS = java.util.Set.of("providerId", "practitionerEmail", "displayName");
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** The body read strictly: nothing coerced (an email sent as an object is an error, not null), no unknown field. */
    private static ProviderMapping strict(JsonNode body, List<Problem.FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(new Problem.FieldError("body", "a mapping (a JSON object) is required"));
            return null;
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new Problem.FieldError(name, "is not a field of a mapping"));
            }
        });
        JsonNode provider = body.get("providerId");
        UUID providerId = provider != null && provider.isTextual() ? io.recoverysync.servicekit.Ids.parse(provider.asText()) : null;
        if (providerId == null) {
            errors.add(new Problem.FieldError("providerId", "is required, a UUID string"));
        }
        String email = optionalText(body, "practitionerEmail", 320, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(new Problem.FieldError("practitionerEmail", "must be an email address"));
        }
        String displayName = optionalText(body, "displayName", 200, errors);
        return new ProviderMapping(providerId, email, displayName);
    }

    private static String optionalText(JsonNode body, String field, int max, List<Problem.FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > max || value.asText().chars().anyMatch(Character::isISOControl)) {
            errors.add(new Problem.FieldError(field, "must be a string of at most " + max + " characters without control characters"));
            return null;
        }
        return value.asText();
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
