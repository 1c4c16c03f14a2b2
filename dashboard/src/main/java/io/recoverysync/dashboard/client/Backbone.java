package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The services' APIs as the dashboard reads them, each call with the signed-in user's access token (so the services
 * decide tenancy, once): a timeout per call and one retry of a failure that is not an answer (a refused connection,
 * a timeout), with jitter; an answer such as 403 or 404 is final.
 */
public class Backbone {
    static final int ROSTER_PAGE = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final RosterApi roster;
    private final AppointmentsApi appointments;
    private final String bearer;

    /** The services' APIs for the user whose access token is {@code accessToken}. */
    public Backbone(@RestClient RosterApi roster, @RestClient AppointmentsApi appointments, String accessToken) {
        this.roster = roster;
        this.appointments = appointments;
        this.bearer = "Bearer " + accessToken;
    }

    /** The organizations the user may see (a user of an organization: their own). */
    public Uni<List<RosterOrganization>> organizations() {
        return resilient(roster.organizations(bearer));
    }

    /** Every active patient of the organization, page by page. */
    public Uni<List<RosterPage.Patient>> activePatients(UUID organizationId) {
        int[] offset = {0};
        return Multi.createBy().repeating()
                .uni(() -> resilient(roster.patients(bearer, organizationId, "active", offset[0], ROSTER_PAGE))
                        .invoke(page -> offset[0] += page.patients().size()))
                .whilst(page -> page.patients().size() == ROSTER_PAGE)
                .collect().in(ArrayList<RosterPage.Patient>::new, (all, page) -> all.addAll(page.patients()))
                .map(all -> (List<RosterPage.Patient>) all);
    }

    /** The organization's appointments of [from, to) with their changes since {@code changesSince}. */
    public Uni<OrganizationAppointments> appointments(UUID organizationId, Instant from, Instant to, Instant changesSince) {
        return resilient(appointments.appointments(bearer, organizationId, from, to, changesSince));
    }

    private static <T> Uni<T> resilient(Uni<T> call) {
        return call.ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> !(e instanceof WebApplicationException)).retry()
                .withBackOff(Duration.ofMillis(100)).withJitter(0.5).atMost(1);
    }
}
