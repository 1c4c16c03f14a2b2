package io.recoverysync.synclog.rest;

import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.ProblemMappers;
import io.recoverysync.synclog.client.EhrQueueClient;
import io.recoverysync.synclog.client.Forwarded;
import io.recoverysync.synclog.client.SchedulerClient;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Same-origin API of the web console ({@code /console/}) for what sync-log-service does not hold itself: the patient
 * list and the refresh triggers of sync-scheduler, and the EHR queue of ehr-sync-service. Ids in the path or query
 * must be UUIDs before anything is forwarded (a malformed one is a 400 problem here, never the caller's own
 * organization). Partner and ops tokens are verified here
 * first; the caller's Authorization header is then forwarded unchanged (the downstream service decides what the token may do) and the downstream status and body are
 * relayed as they are, except a downstream 500, which is a 502 problem here. An anonymous call is refused here and
 * never forwarded; an unreachable service is a 502 and one that does not answer in time a 504, both problem+json.
 */
@Path("/api/console")
@RolesAllowed({Caller.PARTNER, Caller.OPS})
public class ConsoleResource {
    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);

    private final SchedulerClient scheduler;
    private final EhrQueueClient ehrQueue;

    public ConsoleResource(SchedulerClient scheduler, EhrQueueClient ehrQueue) {
        this.scheduler = scheduler;
        this.ehrQueue = ehrQueue;
    }

    /** Starts a bulk refresh of the caller's organization (an ops caller names it with {@code organizationId}). */
    @POST
    @Path("/sync-all")
    public Uni<Response> syncAll(@RestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery String organizationId) {
        if (organizationId != null && Ids.parse(organizationId) == null) {
            return Uni.createFrom().item(notAUuid("organizationId"));
        }
        return forward("sync-scheduler", authorization, () -> scheduler.syncAll(authorization, organizationId));
    }

    /** Refreshes one patient of the caller's organization (as sync-scheduler decides). */
    @POST
    @Path("/patients/{patientId}/sync")
    public Uni<Response> syncPatient(@RestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @RestPath String patientId) {
        UUID patient = Ids.parse(patientId);
        if (patient == null) {
            return Uni.createFrom().item(notAUuid("patientId"));
        }
        return forward("sync-scheduler", authorization, () -> scheduler.syncPatient(authorization, patient.toString()));
    }

    /** The case manager's patient list (sync-scheduler's {@code GET /api/partner-dashboard/patients}). */
    @GET
    @Path("/patients")
    public Uni<Response> patients(@RestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery String organizationId, @RestQuery String offset, @RestQuery String limit) {
        if (organizationId != null && Ids.parse(organizationId) == null) {
            return Uni.createFrom().item(notAUuid("organizationId"));
        }
        return forward("sync-scheduler", authorization,
                () -> scheduler.patients(authorization, organizationId, offset, limit));
    }

    /** EHR queue depth by status, as ehr-sync-service shows it to the caller. */
    @GET
    @Path("/ehr-queue")
    public Uni<Response> ehrQueue(@RestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        return forward("ehr-sync-service", authorization, () -> ehrQueue.queue(authorization));
    }

    private static Uni<Response> forward(String service, String authorization, Supplier<Uni<Forwarded>> call) {
        if (authorization == null || authorization.isBlank()) {
            return Uni.createFrom().item(ProblemMappers.unauthorized());
        }
        return call.get()
                .map(answer -> answer.status() == 500 ? downstreamFailed(service, answer) : relayed(answer))
                .onFailure(Forwarded.DownstreamUnavailable.class)
                .recoverWithItem(e -> unavailable((Forwarded.DownstreamUnavailable) e));
    }

    private static Response relayed(Forwarded answer) {
        Response.ResponseBuilder response = Response.status(answer.status());
        if (!answer.body().isEmpty()) {
            response.entity(answer.body());
        }
        if (answer.contentType() != null) {
            response.type(answer.contentType());
        }
        return response.build();
    }

    /** A downstream 500 is this gateway's 502: the console never answers 500 for another service's fault. */
    private static Response downstreamFailed(String service, Forwarded answer) {
        LOG.warnf("console proxy: %s answered HTTP %d", service, answer.status());
        return Problem.response(Response.Status.BAD_GATEWAY, service + " failed to handle the request; try again shortly.");
    }

    private static Response unavailable(Forwarded.DownstreamUnavailable e) {
        LOG.warnf("console proxy: %s", e.getMessage());
        Response.Status status = e.timedOut() ? Response.Status.GATEWAY_TIMEOUT : Response.Status.BAD_GATEWAY;
        return Problem.response(status, e.service() + (e.timedOut()
                ? " did not answer in time; try again shortly."
                : " cannot be reached right now; try again shortly."));
    }

    private static Response notAUuid(String field) {
        return Problem.invalid("The request is invalid.", List.of(new Problem.FieldError(field, "must be a UUID")))
                .toResponse();
    }
}
