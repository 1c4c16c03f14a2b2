package io.recoverysync.scheduler.rest;

import io.recoverysync.contracts.RosterPatient;
import io.recoverysync.scheduler.config.SchedulerConfig;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.servicekit.BearerSecret;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.ProblemMappers;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Service-to-service roster lookup: the contact data a sync worker needs, kept off Kafka because it is PHI. */
@Path(RosterPatient.PATH)
@PermitAll // authenticated below by the service token, compared in constant time
public class RosterResource {
    private final RosterRepository roster;
    private final SchedulerConfig config;

    public RosterResource(RosterRepository roster, SchedulerConfig config) {
        this.roster = roster;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> patient(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("patientId") String patientParam, @QueryParam("organizationId") String organizationParam) {
        if (!BearerSecret.matches(authorization, config.internalApi().token())) {
            return Uni.createFrom().item(ProblemMappers.unauthorized());
        }
        UUID patientId = Ids.parse(patientParam);
        if (patientId == null) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown patient."));
        }
        return roster.findForSync(patientId, Ids.parse(organizationParam))
                .map(p -> p == null ? Problem.response(Response.Status.NOT_FOUND, "Unknown patient.") : Response.ok(p).build());
    }
}
