package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.BulkConflict;
import io.recoverysync.contracts.api.BulkStarted;
import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.SyncLogEntry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
    private final BulkApi bulk;
    private final SyncLogApi syncLog;
    private final String bearer;

    /** The services' APIs for the user whose access token is {@code accessToken}. */
    Backbone(RosterApi roster, AppointmentsApi appointments, BulkApi bulk, SyncLogApi syncLog, String accessToken) {
        this.roster = roster;
        this.appointments = appointments;
        this.bulk = bulk;
        this.syncLog = syncLog;
        this.bearer = "Bearer " + accessToken;
    }

    /**
     * Starts a refresh of every patient of the user's organization; where one is still open, answers that run
     * instead (the page joins its progress).
     */
    public Uni<UUID> refreshAll() {
        return bulk.syncAll(bearer)
                .map(BulkStarted::syncLogId)
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 409)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse().readEntity(BulkConflict.class)
                        .runningSyncLogId())
                .ifNoItem().after(TIMEOUT).fail();
    }

    /** A run of the user's organization. */
    public Uni<SyncLogEntry> run(UUID runId) {
        return resilient(syncLog.run(bearer, runId));
    }

    /** The organizations the user may see (a user of an organization: their own). */
    public Uni<List<RosterOrganization>> organizations() {
        return resilient(roster.organizations(bearer));
    }

    /** The user's own organization among those the user may see (its name and time zone). */
    public Uni<RosterOrganization> organization(UUID organizationId) {
        return organizations()
                .map(list -> list.stream().filter(o -> o.id().equals(organizationId)).findFirst().orElseThrow());
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

    /**
     * The organization's appointments of [from, to) with their changes since {@code changesSince}; only
     * {@code patientId}'s when it is not null.
     */
    public Uni<OrganizationAppointments> appointments(UUID organizationId, UUID patientId, Instant from, Instant to,
            Instant changesSince) {
        return resilient(appointments.appointments(bearer, organizationId, from, to, changesSince, patientId));
    }

    /** Starts a refresh of one patient; the run's id. */
    public Uni<UUID> refreshPatient(UUID patientId) {
        return bulk.syncPatient(bearer, patientId).map(BulkStarted::syncLogId).ifNoItem().after(TIMEOUT).fail();
    }

    private static <T> Uni<T> resilient(Uni<T> call) {
        return call.ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> !(e instanceof WebApplicationException)).retry()
                .withBackOff(Duration.ofMillis(100)).withJitter(0.5).atMost(1);
    }
}
