package io.recoverysync.scheduler.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recoverysync.scheduler.client.QuotaEstimator;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.scheduler.service.FanOutService;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * Dashboard triggers for a partner organization. Until JWT authentication lands, the caller's organization is
 * the {@code X-Organization-Id} header; a patient of another organization is reported as not found.
 */
@Path("/api/partner-dashboard/patients")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerDashboardResource {
    static final String ORGANIZATION_HEADER = "X-Organization-Id";

    private final FanOutService fanOut;
    private final RosterRepository roster;
    private final QuotaEstimator quota;

    public PartnerDashboardResource(FanOutService fanOut, RosterRepository roster, QuotaEstimator quota) {
        this.fanOut = fanOut;
        this.roster = roster;
        this.quota = quota;
    }

    /** Response body of a started run; {@code quota} is present for bulk runs when the budget could be read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncStarted(UUID syncLogId, UUID organizationId, int patientCount, QuotaEstimator.Estimate quota) {
    }

    @POST
    @Path("/sync-all")
    public Uni<Response> syncAll(@HeaderParam(ORGANIZATION_HEADER) String organizationHeader) {
        UUID organizationId = Ids.parse(organizationHeader);
        if (organizationId == null) {
            return Uni.createFrom().item(missingOrganization(organizationHeader));
        }
        return roster.organizationExists(organizationId)
                .onItem().transformToUni(exists -> exists
                        ? fanOut.startBulk(organizationId, "dashboard")
                                .chain(t -> quota.estimate(t.patientCount())
                                        .map(estimate -> Response.accepted(new SyncStarted(t.syncLogId(), organizationId,
                                                t.patientCount(), estimate)).build()))
                                .onFailure(FanOutService.BulkRunning.class)
                                .recoverWithItem(e -> alreadyRunning(((FanOutService.BulkRunning) e).runningRunId()))
                        : Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown organization.")));
    }

    @POST
    @Path("/{patientId}/sync")
    public Uni<Response> syncPatient(@HeaderParam(ORGANIZATION_HEADER) String organizationHeader,
            @PathParam("patientId") String patientParam) {
        UUID organizationId = Ids.parse(organizationHeader);
        if (organizationId == null) {
            return Uni.createFrom().item(missingOrganization(organizationHeader));
        }
        UUID patientId = Ids.parse(patientParam);
        if (patientId == null) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown patient."));
        }
        return roster.isActiveIn(patientId, organizationId)
                .onItem().transformToUni(active -> active
                        ? fanOut.startPatient(organizationId, patientId, "dashboard")
                                .map(t -> Response.accepted(new SyncStarted(t.syncLogId(), organizationId, 1, null)).build())
                        : Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown patient.")));
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

    private static Response missingOrganization(String given) {
        return Problem.invalid("The caller's organization is missing or malformed.",
                List.of(new Problem.FieldError(ORGANIZATION_HEADER, given == null ? "is required" : "must be a UUID")))
                .toResponse();
    }
}
