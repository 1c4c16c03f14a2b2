package io.recoverysync.scheduler.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recoverysync.scheduler.client.QuotaEstimator;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.scheduler.service.FanOutService;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Dashboard triggers. A partner user acts on the organization its token names; a patient of another organization
 * is reported as not found. An ops user names the organization of a bulk refresh with {@code organizationId}.
 */
@Path("/api/partner-dashboard/patients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.PARTNER, Caller.OPS})
public class PartnerDashboardResource {
    private final FanOutService fanOut;
    private final RosterRepository roster;
    private final QuotaEstimator quota;
    private final Caller caller;

    public PartnerDashboardResource(FanOutService fanOut, RosterRepository roster, QuotaEstimator quota, Caller caller) {
        this.fanOut = fanOut;
        this.roster = roster;
        this.quota = quota;
        this.caller = caller;
    }

    /** Response body of a started run; {@code quota} is present for bulk runs when the budget could be read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncStarted(UUID syncLogId, UUID organizationId, int patientCount, QuotaEstimator.Estimate quota) {
    }

    @POST
    @Path("/sync-all")
    public Uni<Response> syncAll(@RestQuery String organizationId) {
        UUID requested = Ids.parse(organizationId);
        if (organizationId != null && requested == null) {
            return Uni.createFrom().item(invalidOrganization("must be a UUID"));
        }
        if (caller.isOps() && requested == null) {
            return Uni.createFrom().item(invalidOrganization("is required for an ops caller"));
        }
        UUID organization = caller.scope(requested);
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

    private static Response invalidOrganization(String message) {
        return Problem.invalid("The organization is missing or malformed.",
                List.of(new Problem.FieldError("organizationId", message))).toResponse();
    }

    private static Response unknownPatient() {
        return Problem.response(Response.Status.NOT_FOUND, "Unknown patient.");
    }
}
