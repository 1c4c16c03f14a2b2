package io.recoverysync.appointments.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.recoverysync.appointments.MirrorState;
import io.recoverysync.appointments.client.QuotaBudget;
import io.recoverysync.appointments.repository.MirrorRepository;
import io.recoverysync.appointments.service.MirrorReader;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The shared IntakeQ budget as it stands, and what a refresh of every patient costs: for the scheduler's estimate
 * before a bulk run (service token) and for ops (JWT with the ops role).
 */
@Path("/internal/quota")
@PermitAll // authenticated below: the service token, else an ops user's token
public class QuotaResource {
    private final QuotaBudget quota;
    private final MirrorRepository mirror;
    private final AppointmentSyncConfig config;
    private final ServiceOrOps gate;

    public QuotaResource(QuotaBudget quota, MirrorRepository mirror, AppointmentSyncConfig config, ServiceOrOps gate) {
        this.quota = quota;
        this.mirror = mirror;
        this.config = config;
        this.gate = gate;
    }

    /**
     * The budget, and what refreshing every patient costs now: the requests of an incremental practice read (its
     * listing and IntakeQ's deleted appointments), null when unknown (no full read yet, or the mirror is off: then
     * about one request per patient).
     */
    public record Answer(@JsonUnwrapped QuotaBudget.Status budget, Integer refreshRequests) {
    }

    private Uni<Answer> answer() {
        return Uni.combine().all().unis(quota.status(), mirror.state()).asTuple()
                .map(t -> new Answer(t.getItem1(), refreshRequests(t.getItem2())));
    }

    private Integer refreshRequests(MirrorState state) {
        if (!config.mirror().enabled() || state.lastFullStartedAt() == null) {
            return null;
        }
        return MirrorReader.INCREMENTAL.equals(state.lastReadKind()) && state.lastReadRequests() != null
                ? Math.max(2, state.lastReadRequests()) : 2;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> status(@HeaderParam("Authorization") String authorization) {
        return gate.answer(authorization, () -> answer().map(answer -> Response.ok(answer).build()));
    }
}
