package io.recoverysync.scheduler.rest;

import io.recoverysync.contracts.RosterPatient;
import io.recoverysync.scheduler.config.SchedulerConfig;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.servicekit.BearerSecret;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Service-to-service roster lookup: the contact data a sync worker needs, kept off Kafka because it is PHI. */
@Path(RosterPatient.PATH)
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
            @PathParam("patientId") String patientParam) {
        if (!BearerSecret.matches(authorization, config.internalApi().token())) {
            return Uni.createFrom().item(Problem.response(Response.Status.UNAUTHORIZED, "A valid service token is required."));
        }
        UUID patientId = Ids.parse(patientParam);
        if (patientId == null) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown patient."));
        }
        return roster.findForSync(patientId)
                .map(p -> p == null ? Problem.response(Response.Status.NOT_FOUND, "Unknown patient.") : Response.ok(p).build());
    }
}
