package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.repository.DiscoveryRepository;
import io.recoverysync.appointments.repository.MirrorRepository;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Discovery (ops): the IntakeQ clients that the practice reads saw with appointments in the sync window but that
 * are on no active roster yet, from the mirror (no IntakeQ request). Each comes with a {@code patient} object in
 * the roster import's row format, so the chosen ones go to an organization with one call:
 * {@code jq '[.clients[].patient]'} into {@code POST /api/roster/organizations/{id}/patients/import}.
 */
@Path("/internal/discovery/clients")
@RolesAllowed(Caller.OPS)
public class DiscoveryResource {
    static final int MAX_PAGE = 500;

    private final DiscoveryRepository discovery;
    private final MirrorRepository mirror;

    public DiscoveryResource(DiscoveryRepository discovery, MirrorRepository mirror) {
        this.discovery = discovery;
        this.mirror = mirror;
    }

    /** A roster import row: IntakeQ's name split at its last space. */
    public record PatientRow(String firstName, String lastName, String email, int intakeqClientId) {
        static PatientRow of(DiscoveryRepository.Discovered d) {
            String name = d.name() == null ? "" : d.name().strip();
            int space = name.lastIndexOf(' ');
            String first = space < 0 ? name : name.substring(0, space).strip();
            String last = space < 0 ? "" : name.substring(space + 1);
            return new PatientRow(first.isEmpty() ? null : first, last.isEmpty() ? null : last, d.email(),
                    d.intakeqClientId());
        }
    }

    /** One discovered client. */
    public record DiscoveredClient(int intakeqClientId, String name, String email, long appointments,
            Instant nextAppointmentAt, Instant firstSeenAt, Instant lastSeenAt, PatientRow patient) {
    }

    /** A page, with when the mirror's newest full and newest read started (what the list is as fresh as). */
    public record Page(long total, int offset, int limit, Instant lastFullReadAt, Instant lastReadAt,
            List<DiscoveredClient> clients) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int first = QueryParams.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
        int size = QueryParams.wholeNumber("limit", limit, 100, 1, MAX_PAGE, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problem.invalid("The request is invalid.", errors).toResponse());
        }
        return Uni.combine().all().unis(discovery.count(), discovery.page(first, size), mirror.state()).asTuple()
                .map(t -> Response.ok(new Page(t.getItem1(), first, size, t.getItem3().lastFullStartedAt(),
                        t.getItem3().lastReadStartedAt(), t.getItem2().stream().map(d -> new DiscoveredClient(
                                d.intakeqClientId(), d.name(), d.email(), d.appointments(), d.nextAppointmentAt(),
                                d.firstSeenAt(), d.lastSeenAt(), PatientRow.of(d))).toList())).build());
    }
}
