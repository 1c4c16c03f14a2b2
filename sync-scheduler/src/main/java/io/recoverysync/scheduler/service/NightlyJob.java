package io.recoverysync.scheduler.service;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.scheduler.repository.RunRepository;
import io.recoverysync.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * The in-process triggers: the nightly fan-out at 03:00 America/Denver (cron and zone from config) and a
 * periodic sweep that finishes fan-outs a crash interrupted.
 */
@ApplicationScoped
public class NightlyJob {
    public static final String IDENTITY = "nightly-appointment-sync";

    private final FanOutService fanOut;
    private final RunRepository runs;
    private final SchedulerConfig config;
    private final Clock clock;

    public NightlyJob(FanOutService fanOut, RunRepository runs, SchedulerConfig config, Clock clock) {
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

    @Scheduled(identity = "fan-out-recovery", every = "${sync.recovery.every:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recoverInterruptedFanOuts() {
        return runs.unfinishedFanOuts(config.recovery().staleAfter())
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(fanOut::resume)
                .collect().last()
                .replaceWithVoid();
    }
}
