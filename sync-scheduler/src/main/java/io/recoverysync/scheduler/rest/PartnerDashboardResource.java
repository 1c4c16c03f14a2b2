package io.recoverysync.scheduler.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recoverysync.scheduler.Organization;
import io.recoverysync.scheduler.RosterEntry;
import io.recoverysync.scheduler.client.AppointmentSyncPatients;
import io.recoverysync.scheduler.client.QuotaEstimator;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.scheduler.service.FanOutService;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The case manager's patient list and the dashboard triggers. A partner user acts on the organization its token
 * names; a patient of another organization is reported as not found. An ops user names the organization with
 * {@code organizationId} and sees ids without names (names go only to the patient's own organization).
 */
@Path("/api/partner-dashboard/patients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.PARTNER, Caller.OPS})
public class PartnerDashboardResource {
    private final FanOutService fanOut;
    private final RosterRepository roster;
    private final QuotaEstimator quota;
    private final AppointmentSyncPatients summaries;
    private final Caller caller;

    public PartnerDashboardResource(FanOutService fanOut, RosterRepository roster, QuotaEstimator quota,
            AppointmentSyncPatients summaries, Caller caller) {
        this.fanOut = fanOut;
        this.roster = roster;
        this.quota = quota;
        this.summaries = summaries;
        this.caller = caller;
    }

    static final int MAX_PAGE = 500;

    /**
     * One page of the organization's active patients. {@code syncStateAvailable} is false when appointment-sync
     * could not be read: the patients are listed without their sync state and next appointment.
     */
    public record PatientList(Organization organization, long total, int offset, int limit, boolean syncStateAvailable,
            List<DashboardPatient> patients) {
    }

    /** A patient as the case manager sees it; names are null for a caller of another organization (ops). */
    public record DashboardPatient(UUID patientId, String firstName, String lastName, Instant lastSyncedAt,
            String lastOutcome, String lastReasonCode, String lastSource, NextAppointment nextAppointment) {
    }

    /**
     * The next appointment that has not ended (a canceled one included: that is news for the case manager);
     * {@code startsAtLocal} and {@code endsAtLocal} are in the organization's time zone, with their offset.
     */
    public record NextAppointment(String intakeqAppointmentId, String status, Instant startsAt, String startsAtLocal,
            String endsAtLocal, UUID providerId, String providerName, String serviceName, String telehealthUrl) {
    }

    @GET
    public Uni<Response> patients(@RestQuery String organizationId, @RestQuery String offset, @RestQuery String limit) {
        UUID organization = caller.scopedOrganization(organizationId);
        List<Problem.FieldError> errors = new ArrayList<>();
        int first = QueryParams.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
        int size = QueryParams.wholeNumber("limit", limit, 100, 1, MAX_PAGE, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problem.invalid("The request is invalid.", errors).toResponse());
        }
        boolean names = organization.equals(caller.organization());
        return roster.organizations(organization).chain(found -> found.isEmpty()
                ? Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown organization."))
                : Uni.combine().all().unis(roster.countPatients(organization, "active"),
                                roster.patients(organization, "active", first, size)).asTuple()
                        .chain(t -> summaries.of(t.getItem2().stream().map(RosterEntry::patientId).toList())
                                .map(known -> Response.ok(patientList(found.get(0), t.getItem1(), first, size,
                                        t.getItem2(), known, names)).build())));
    }

    private static PatientList patientList(Organization org, long total, int offset, int limit, List<RosterEntry> page,
            Optional<Map<UUID, AppointmentSyncPatients.Summary>> known, boolean names) {
        ZoneId zone = ZoneId.of(org.timeZone());
        List<DashboardPatient> patients = page.stream().map(e -> {
            AppointmentSyncPatients.Summary s = known.map(m -> m.get(e.patientId())).orElse(null);
            AppointmentSyncPatients.Next n = s == null ? null : s.next();
            NextAppointment next = n == null ? null : new NextAppointment(n.intakeqAppointmentId(), n.status(),
                    n.startAt(), local(n.startAt(), zone), local(n.endAt(), zone), n.providerId(), n.providerName(),
                    n.serviceName(), n.telehealthUrl());
            return new DashboardPatient(e.patientId(), names ? e.firstName() : null, names ? e.lastName() : null,
                    s == null ? null : s.lastSyncedAt(), s == null ? null : s.lastOutcome(),
                    s == null ? null : s.lastReasonCode(), s == null ? null : s.lastSource(), next);
        }).toList();
        return new PatientList(org, total, offset, limit, known.isPresent(), patients);
    }

    private static String local(Instant at, ZoneId zone) {
        return at == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone));
    }

    /** Response body of a started run; {@code quota} is present for bulk runs when the budget could be read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncStarted(UUID syncLogId, UUID organizationId, int patientCount, QuotaEstimator.Estimate quota) {
    }

    @POST
    @Path("/sync-all")
    public Uni<Response> syncAll(@RestQuery String organizationId) {
        UUID organization = caller.scopedOrganization(organizationId);
        return roster.organizationExists(organization)
                .onItem().transformToUni(exists -> exists
                        ? fanOut.startBulk(organization, "dashboard:" + caller.describe())
                                .chain(t -> quota.estimate(t.patientCount())
                                        .map(estimate -> Response.accepted(new SyncStarted(t.syncLogId(), organization,
                                                t.patientCount(), estimate)).build()))
                                .onFailure(FanOutService.BulkRunning.class)
                                .recoverWithItem(e -> alreadyRunning(((FanOutService.BulkRunning) e).runningRunId()))
                        : Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown organization.")));
    }

    @POST
    @Path("/{patientId}/sync")
    public Uni<Response> syncPatient(@RestPath String patientId) {
        UUID patient = Ids.parse(patientId);
        if (patient == null) {
            return Uni.createFrom().item(unknownPatient());
        }
        Uni<UUID> organization = caller.isOps()
                ? roster.activeOrganizationOf(patient)
                : roster.isActiveIn(patient, caller.requireOrganization()).map(active -> active ? caller.organization() : null);
        return organization.onItem().transformToUni(org -> org == null
                ? Uni.createFrom().item(unknownPatient())
                : fanOut.startPatient(org, patient, "dashboard:" + caller.describe())
                        .map(t -> Response.accepted(new SyncStarted(t.syncLogId(), org, 1, null)).build()));
    }

    /** 409 body: a problem document that names the run still going. */
    public record BulkConflict(String type, String title, int status, String detail, UUID runningSyncLogId) {
    }

    private static Response alreadyRunning(UUID runningRunId) {
        return Response.status(Response.Status.CONFLICT)
                .type(Problem.MEDIA_TYPE)
                .entity(new BulkConflict("/problems/bulk-refresh-running", "Conflict", 409,
                        "A bulk refresh of this organization is still running.", runningRunId))
                .build();
    }

    private static Response unknownPatient() {
        return Problem.response(Response.Status.NOT_FOUND, "Unknown patient.");
    }
}
