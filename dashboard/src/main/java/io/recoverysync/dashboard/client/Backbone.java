package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.BulkConflict;
import io.recoverysync.contracts.api.BulkStarted;
import io.recoverysync.contracts.api.CalendarFeed;
import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.RosterWrite;
import io.recoverysync.contracts.api.SignedNotes;
import io.recoverysync.contracts.api.SyncLogEntry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The services' APIs as the dashboard reads them, each call with the signed-in user's access token (so the services
 * decide tenancy, once): a timeout per call and one retry of a failure that is not an answer (a refused connection,
 * a timeout), with jitter; an answer such as 403 or 404 is final.
 */
public class Backbone {
    private static final Logger LOG = Logger.getLogger(Backbone.class);
    static final int ROSTER_PAGE = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final RosterApi roster;
    private final AppointmentsApi appointments;
    private final BulkApi bulk;
    private final SyncLogApi syncLog;
    private final CalendarApi calendar;
    private final NotesApi notes;
    private final OrganizationCache organizationCache;
    private final String bearer;

    /** The services' APIs for the user whose access token is {@code accessToken}. */
    Backbone(RosterApi roster, AppointmentsApi appointments, BulkApi bulk, SyncLogApi syncLog, CalendarApi calendar,
            NotesApi notes, OrganizationCache organizationCache, String accessToken) {
        this.roster = roster;
        this.appointments = appointments;
        this.bulk = bulk;
        this.syncLog = syncLog;
        this.calendar = calendar;
        this.notes = notes;
        this.organizationCache = organizationCache;
        this.bearer = "Bearer " + accessToken;
    }

    /**
     * Starts a refresh of every patient of the user's organization; where one is still open, answers that run
     * instead (the page joins its progress).
     */
    public Uni<Refresh> refreshAll() {
        return bulk.syncAll(bearer)
                .map(started -> new Refresh(started.syncLogId(), started.quota(), false))
                .onFailure(e -> answered(e, 409))
                .recoverWithItem(e -> new Refresh(((WebApplicationException) e).getResponse()
                        .readEntity(BulkConflict.class).runningSyncLogId(), null, true))
                .ifNoItem().after(TIMEOUT).fail();
    }

    /**
     * A refresh of every patient asked for: the run, what the IntakeQ budget allows (null when unknown or joined) and
     * whether it is a run that was already open.
     */
    public record Refresh(UUID runId, BulkStarted.Quota quota, boolean joined) {
    }

    /** The organization's recent runs, newest first. */
    public Uni<List<SyncLogEntry>> runs(UUID organizationId, int limit) {
        return resilient(syncLog.runs(bearer, organizationId, limit));
    }

    /** The signed-in clinician's newest notes (at most {@code limit}), newest first. */
    public Uni<SignedNotes> myNotes(int limit) {
        return resilient(notes.mine(bearer, limit));
    }

    /** The calendar feeds the user may see (a case manager: their own; an organization admin: every one). */
    public Uni<List<CalendarFeed>> calendarFeeds() {
        return resilient(calendar.feeds(bearer));
    }

    /** Makes a calendar feed of the user's organization; its secret URL is in this answer only. */
    public Uni<CalendarFeed> createCalendarFeed(String label) {
        return calendar.create(bearer, new CalendarApi.NewFeed(label)).ifNoItem().after(TIMEOUT).fail();
    }

    /** Revokes a feed; false when it is not the user's to revoke. */
    public Uni<Boolean> revokeCalendarFeed(UUID feedId) {
        return calendar.revoke(bearer, feedId).replaceWith(true).ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> answered(e, 404))
                .recoverWithItem(false);
    }

    /** A run of the user's organization. */
    public Uni<SyncLogEntry> run(UUID runId) {
        return resilient(syncLog.run(bearer, runId));
    }

    /** The organizations the user may see (a user of an organization: their own). */
    public Uni<List<RosterOrganization>> organizations() {
        return resilient(roster.organizations(bearer));
    }

    /** The user's own organization among those the user may see (its name and time zone; kept a minute). */
    public Uni<RosterOrganization> organization(UUID organizationId) {
        RosterOrganization known = organizationCache.get(organizationId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return organizations()
                .map(list -> list.stream().filter(o -> o.id().equals(organizationId)).findFirst().orElseThrow())
                .invoke(organizationCache::put);
    }

    /** Every active patient of the organization, page by page. */
    public Uni<List<RosterPage.Patient>> activePatients(UUID organizationId) {
        return patients(organizationId, "active");
    }

    /** Every patient of the organization with that status ({@code active}, {@code discharged} or {@code all}). */
    public Uni<List<RosterPage.Patient>> patients(UUID organizationId, String status) {
        String wanted = "all".equals(status) ? null : status;
        int[] offset = {0};
        return Multi.createBy().repeating()
                .uni(() -> resilient(roster.patients(bearer, organizationId, wanted, offset[0], ROSTER_PAGE))
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

    /**
     * Adds a patient ({@code patientId} null) or updates one; a refusal (400/422) is the item's {@link RosterWrite.Refusal},
     * a patient not of the organization a 404 failure.
     */
    public Uni<RosterWrite.Result> writePatient(UUID organizationId, UUID patientId, RosterWrite.Patient patient) {
        Uni<RosterWrite.Summary> call = patientId == null ? roster.add(bearer, organizationId, patient)
                : roster.update(bearer, organizationId, patientId, patient);
        return refusable(call);
    }

    /** Imports a CSV roster, all or nothing; a refusal names every bad line. */
    public Uni<RosterWrite.Result> importRoster(UUID organizationId, String csv) {
        return refusable(roster.importCsv(bearer, organizationId, csv));
    }

    /** Discharges a patient; false when the patient is not the organization's. */
    public Uni<Boolean> discharge(UUID organizationId, UUID patientId) {
        return roster.discharge(bearer, organizationId, patientId).replaceWith(true).ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> answered(e, 404)).recoverWithItem(false);
    }

    private static Uni<RosterWrite.Result> refusable(Uni<RosterWrite.Summary> call) {
        return call.map(summary -> new RosterWrite.Result(summary, null))
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> answered(e, 400) || answered(e, 422))
                .recoverWithItem(e -> new RosterWrite.Result(null,
                        ((WebApplicationException) e).getResponse().readEntity(RosterWrite.Refusal.class)));
    }

    /** Whether {@code e} is a service's answer with that HTTP status (not a timeout or a refused connection). */
    public static boolean answered(Throwable e, int status) {
        return e instanceof WebApplicationException w && w.getResponse().getStatus() == status;
    }

    /**
     * As {@link #appointments}, but null when they cannot be read (logged without request data): the page then shows
     * the rest and says appointments could not be read.
     */
    public Uni<OrganizationAppointments> appointmentsOrNone(UUID organizationId, UUID patientId, Instant from,
            Instant to, Instant changesSince) {
        return appointments(organizationId, patientId, from, to, changesSince).onFailure().recoverWithItem(e -> {
            LOG.warnf("appointments of organization %s not read (%s)", organizationId, e.getClass().getSimpleName());
            return null;
        });
    }

    /** Starts a refresh of one patient; the run's id. */
    public Uni<UUID> refreshPatient(UUID patientId) {
        return bulk.syncPatient(bearer, patientId).map(BulkStarted::syncLogId).ifNoItem().after(TIMEOUT).fail();
    }

    static <T> Uni<T> resilient(Uni<T> call) {
        return call.ifNoItem().after(TIMEOUT).fail()
                .onFailure(e -> !(e instanceof WebApplicationException)).retry()
                .withBackOff(Duration.ofMillis(100)).withJitter(0.5).atMost(1);
    }
}
