package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.repository.PatientSummaryRepository;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * For the scheduler's patient list (service token; ops may read it too): each patient's newest sync and next
 * appointment. The scheduler has already decided which patients the caller may see; this answers only ids, times,
 * statuses, providers and links, never a patient's name.
 */
@Path("/internal/patient-summaries")
@PermitAll // authenticated below: the service token, else an ops user's token
public class PatientSummaryResource {
    static final int MAX_PATIENTS = 500;

    private final PatientSummaryRepository summaries;
    private final ServiceOrOps gate;

    public PatientSummaryResource(PatientSummaryRepository summaries, ServiceOrOps gate) {
        this.summaries = summaries;
        this.gate = gate;
    }

    /** Request body: the patients, at most 500. */
    public record Request(List<UUID> patientIds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> summaries(@HeaderParam("Authorization") String authorization, Request body) {
        return gate.answer(authorization, () -> {
            if (body == null || body.patientIds() == null || body.patientIds().size() > MAX_PATIENTS
                    || body.patientIds().contains(null)) {
                return Uni.createFrom().item(Problem.invalid("The patients are missing or too many.",
                        List.of(new Problem.FieldError("patientIds", "must be a list of 0 to " + MAX_PATIENTS + " UUIDs")))
                        .toResponse());
            }
            List<UUID> ids = List.copyOf(new LinkedHashSet<>(body.patientIds()));
            return ids.isEmpty() ? Uni.createFrom().item(Response.ok(List.of()).build())
                    : summaries.summaries(ids).map(list -> Response.ok(list).build());
        });
    }
}
