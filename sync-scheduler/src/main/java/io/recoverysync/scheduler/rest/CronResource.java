package io.recoverysync.scheduler.rest;

import io.recoverysync.scheduler.config.SchedulerConfig;
import io.recoverysync.scheduler.service.FanOutService;
import io.recoverysync.scheduler.service.FanOutService.RunTicket;
import io.recoverysync.scheduler.service.NightlySchedule;
import io.recoverysync.servicekit.BearerSecret;
import io.recoverysync.servicekit.ProblemMappers;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The external cron trigger (e.g. a Kubernetes CronJob): starts the nightly run, once per business date. */
@Path("/api/cron/sync-practiceq-appointments")
@PermitAll // authenticated below by the cron secret, compared in constant time
public class CronResource {
    private final FanOutService fanOut;
    private final SchedulerConfig config;
    private final NightlySchedule schedule;
    private final Clock clock;

    public CronResource(FanOutService fanOut, SchedulerConfig config, NightlySchedule schedule, Clock clock) {
        this.fanOut = fanOut;
        this.config = config;
        this.schedule = schedule;
        this.clock = clock;
    }

    /** Response body: the business date and one entry per organization. */
    public record CronResponse(String businessDate, List<RunTicket> runs) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> trigger(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!BearerSecret.matches(authorization, config.cron().secret())) {
            return Uni.createFrom().item(ProblemMappers.unauthorized());
        }
        Instant now = clock.instant();
        return fanOut.startNightly("cron", now)
                .map(runs -> Response.accepted(new CronResponse(schedule.businessDate(now).toString(), runs)).build());
    }
}
