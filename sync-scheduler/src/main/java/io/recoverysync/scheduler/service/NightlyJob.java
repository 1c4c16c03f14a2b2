package io.recoverysync.scheduler.service;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.scheduler.repository.RunRepository;
import io.recoverysync.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import java.time.Clock;

/**
 * The in-process triggers: the nightly fan-out at 03:00 America/Denver (cron and zone from config), a catch-up
 * of a night missed while the scheduler was down, and a periodic sweep that finishes fan-outs a crash interrupted
 * (runs not fanned out whose heartbeat went stale, see {@link FanOutService}).
 */
@ApplicationScoped
public class NightlyJob {
    private static final Logger LOG = Logger.getLogger(NightlyJob.class);
    public static final String IDENTITY = "nightly-appointment-sync";

    private final FanOutService fanOut;
    private final RunRepository runs;
    private final SchedulerConfig config;
    private final Clock clock;
    private final NightlySchedule schedule;

    public NightlyJob(FanOutService fanOut, RunRepository runs, SchedulerConfig config, Clock clock,
            NightlySchedule schedule) {
        this.schedule = schedule;
        this.fanOut = fanOut;
        this.runs = runs;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = IDENTITY, cron = "${sync.nightly.cron:0 0 3 * * ?}",
            timeZone = "${sync.nightly.time-zone:America/Denver}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> nightly() {
        return fanOut.startNightly("scheduler", clock.instant()).replaceWithVoid();
    }

    /** A night missed while the scheduler was down runs once when it comes back (idempotent per date). */
    void onStart(@Observes StartupEvent event) {
        if (config.nightly().catchUp() && !"off".equalsIgnoreCase(config.nightly().cron())) {
            catchUp(clock.instant()).subscribe().with(
                    tickets -> { },
                    failure -> LOG.errorf(failure, "nightly catch-up failed; the next trigger will retry"));
        }
    }

    /**
     * Every {@code sync.nightly.catch-up-every} (15 min): the latest due night's runs of organizations that have
     * none yet (one that failed to start, or was added to the roster after the trigger) are started; an
     * organization that has its run is left alone (once per organization and date).
     */
    @Scheduled(identity = "nightly-catch-up", every = "${sync.nightly.catch-up-every:15m}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> periodicCatchUp() {
        if (!config.nightly().catchUp() || "off".equalsIgnoreCase(config.nightly().cron())) {
            return Uni.createFrom().voidItem();
        }
        return catchUp(clock.instant()).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("periodic nightly catch-up failed (%s); the next pass retries", e.getClass().getSimpleName());
                    return null;
                });
    }

    /** Starts the latest due night's runs (business date of the last fire time at or before {@code now}). */
    public Uni<List<FanOutService.RunTicket>> catchUp(Instant now) {
        return fanOut.startNightly("catch-up", schedule.lastFireAtOrBefore(now).toInstant());
    }

    /** The recovery sweep, every {@code sync.recovery.every} (10 s); a failed pass is retried by the next one. */
    @Scheduled(identity = "fan-out-recovery", every = "${sync.recovery.every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRecovery() {
        return recoverInterruptedFanOuts().replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("fan-out recovery pass failed (%s); the next pass retries", e.getClass().getSimpleName());
                    return null;
                });
    }

    /**
     * Resumes the runs a crash left not fanned out: those whose heartbeat is older than
     * {@code sync.recovery.stale-after}, each claimed first so that of several replicas one resumes it. One run's
     * failure does not stop the others. Returns the ids of the runs this pass resumed.
     */
    public Uni<List<UUID>> recoverInterruptedFanOuts() {
        return runs.unfinishedFanOuts(config.recovery().staleAfter())
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(run -> fanOut.resumeIfStale(run)
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("resuming run %s failed (%s); the next pass retries",
                                    run.id(), e.getClass().getSimpleName());
                            return null;
                        }))
                .map(FanOutService.RunTicket::syncLogId)
                .collect().asList();
    }
}
