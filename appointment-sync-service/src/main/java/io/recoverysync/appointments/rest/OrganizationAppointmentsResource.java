package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.repository.OrganizationAppointmentsRepository;
import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.ProblemException;
import io.recoverysync.servicekit.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The day view's data: an organization's active patients' appointments of a time range (at most 35 days; by default
 * from a day ago to a week ahead) with each one's changes since {@code changesSince} (by default the last 24 hours, at
 * most 30 days back), in one call; {@code patientId} narrows it to one active patient of the organization. Users of the organization see it; ops see any organization's; another
 * organization is not found. Ids only: the names are the roster's.
 */
@Path("/api/organizations/{organizationId}/appointments")
@RolesAllowed({Caller.PARTNER, Caller.ORG_ADMIN, Caller.OPS})
public class OrganizationAppointmentsResource {
    static final Duration MAX_RANGE = Duration.ofDays(35);
    static final Duration MAX_CHANGES_BACK = Duration.ofDays(30);

    private final OrganizationAppointmentsRepository repository;
    private final Caller caller;
    private final Clock clock;

    public OrganizationAppointmentsResource(OrganizationAppointmentsRepository repository, Caller caller, Clock clock) {
        this.repository = repository;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<OrganizationAppointments> appointments(@RestPath String organizationId, @RestQuery String from,
            @RestQuery String to, @RestQuery String changesSince, @RestQuery String patientId) {
        UUID organization = Ids.parse(organizationId);
        if (organization == null || !caller.mayAccess(organization)) {
            throw new ProblemException(Problem.of(jakarta.ws.rs.core.Response.Status.NOT_FOUND, "Unknown organization."));
        }
        Instant now = clock.instant();
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant start = QueryParams.instant("from", from, now.minus(Duration.ofDays(1)), errors);
        Instant end = QueryParams.instant("to", to, start.plus(Duration.ofDays(8)), errors);
        Instant since = QueryParams.instant("changesSince", changesSince, now.minus(Duration.ofDays(1)), errors);
        if (errors.isEmpty() && !end.isAfter(start)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        } else if (errors.isEmpty() && Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            errors.add(new Problem.FieldError("to", "must be at most 35 days after from"));
        }
        if (errors.isEmpty() && since.isBefore(now.minus(MAX_CHANGES_BACK))) {
            errors.add(new Problem.FieldError("changesSince", "must be at most 30 days ago"));
        }
        UUID patient = Ids.parse(patientId);
        if (patientId != null && patient == null) {
            errors.add(new Problem.FieldError("patientId", "must be a UUID"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The request is invalid.", errors));
        }
        return Uni.combine().all().unis(repository.appointments(organization, patient, start, end, since),
                        repository.unread(organization, patient)).asTuple()
                .map(t -> new OrganizationAppointments(organization, start, end, since, t.getItem1(), t.getItem2()));
    }
}
