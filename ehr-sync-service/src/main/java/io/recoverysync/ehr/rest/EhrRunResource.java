package io.recoverysync.ehr.rest;

import io.recoverysync.ehr.service.EhrRunTrigger;
import io.recoverysync.servicekit.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * Starts an EHR run: the organization's notes still waiting for EHRbase are posted now, as one run with a
 * sync_logs row ({@code syncLogId}) that shows each patient's outcome. A partner or clinician runs it for its own
 * organization; ops names the organization.
 */
@Path("/api/ehr/runs")
@RolesAllowed({Caller.PARTNER, Caller.CLINICIAN, Caller.OPS})
public class EhrRunResource {
    private final EhrRunTrigger trigger;
    private final Caller caller;

    public EhrRunResource(EhrRunTrigger trigger, Caller caller) {
        this.trigger = trigger;
        this.caller = caller;
    }

    /** The 202 answer. */
    public record RunStarted(UUID syncLogId, UUID organizationId, int patientCount) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> start(@QueryParam("organizationId") String organizationId) {
        UUID org = caller.scopedOrganization(organizationId);
        return trigger.start(org, "dashboard:" + caller.describe())
                .map(s -> Response.accepted(new RunStarted(s.runId(), s.organizationId(), s.patientCount())).build());
    }
}
