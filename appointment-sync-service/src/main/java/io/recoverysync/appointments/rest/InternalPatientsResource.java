package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.repository.PatientSummaryRepository;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * For sync-scheduler (service token; ops may read them too): each patient's newest sync and next appointment (the
 * case manager's list), and the patients' appointments of a window (the calendar feeds). The scheduler has already
 * decided which patients the caller may see; these answer ids, times, statuses, providers, places and links only,
 * never a patient's name.
 */
@Path("/internal")
@PermitAll // authenticated below: the service token, else an ops user's token
public class InternalPatientsResource {
    static final int MAX_PATIENTS = 500;

    private final PatientSummaryRepository summaries;
    private final ServiceOrOps gate;

    public InternalPatientsResource(PatientSummaryRepository summaries, ServiceOrOps gate) {
        this.summaries = summaries;
        this.gate = gate;
    }

    /** Request body of the summaries: the patients, at most 500. */
    public record SummariesRequest(List<UUID> patientIds) {
    }

    /** Request body of the appointments: the patients (at most 500) and the window around now, in days. */
    public record AppointmentsRequest(List<UUID> patientIds, Integer daysBack, Integer daysAhead) {
    }

    @POST
    @Path("/patient-summaries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> summaries(@HeaderParam("Authorization") String authorization, SummariesRequest body) {
        return gate.answer(authorization, () -> forPatients(body == null ? null : body.patientIds(), new ArrayList<>(),
                ids -> summaries.summaries(ids).map(list -> Response.ok(list).build())));
    }

    @POST
    @Path("/patient-appointments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> appointments(@HeaderParam("Authorization") String authorization, AppointmentsRequest body) {
        return gate.answer(authorization, () -> {
            List<Problem.FieldError> errors = new ArrayList<>();
            AppointmentsRequest window = body == null ? new AppointmentsRequest(null, null, null) : body;
            int back = QueryParams.wholeNumber("daysBack", window.daysBack(), 7, 0, 31, errors);
            int ahead = QueryParams.wholeNumber("daysAhead", window.daysAhead(), 60, 1, 366, errors);
            return forPatients(window.patientIds(), errors,
                    ids -> summaries.appointments(ids, back, ahead).map(list -> Response.ok(list).build()));
        });
    }

    private static Uni<Response> forPatients(List<UUID> patientIds, List<Problem.FieldError> errors,
            Function<List<UUID>, Uni<Response>> answer) {
        if (patientIds == null || patientIds.size() > MAX_PATIENTS || patientIds.contains(null)) {
            errors.add(new Problem.FieldError("patientIds", "must be a list of 0 to " + MAX_PATIENTS + " UUIDs"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problem.invalid("The request is invalid.", errors).toResponse());
        }
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(patientIds));
        return ids.isEmpty() ? Uni.createFrom().item(Response.ok(List.of()).build()) : answer.apply(ids);
    }
}
