package io.recoverysync.synclog.service;

import io.quarkus.scheduler.Scheduled;
import io.recoverysync.synclog.config.SyncLogConfig;
import io.recoverysync.synclog.messaging.RunEndedPublisher;
import io.recoverysync.synclog.repository.SyncLogRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** No run stays running forever: runs past their deadline end as timed_out, naming the patients that never reported. */
@ApplicationScoped
public class RunDeadlines {
    private static final Logger LOG = Logger.getLogger(RunDeadlines.class);

    private final SyncLogRepository repository;
    private final RunEndedPublisher publisher;
    private final SyncLogConfig.Timeout timeout;
    private final RunMetrics metrics;

    public RunDeadlines(SyncLogRepository repository, RunEndedPublisher publisher, SyncLogConfig config,
            RunMetrics metrics) {
        this.repository = repository;
        this.publisher = publisher;
        this.timeout = config.timeout();
        this.metrics = metrics;
    }

    @Scheduled(identity = "run-deadlines", every = "${sync-log.timeout.check-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return repository.timeOutOverdue(timeout.base(), timeout.perPatient())
                .onItem().transformToMulti(ended -> Multi.createFrom().iterable(ended))
                .invoke(run -> LOG.warnf("run %s timed out: results missing", run.runId()))
                .invoke(metrics::runEnded)
                .onItem().transformToUniAndConcatenate(publisher::publish)
                .collect().last()
                .replaceWithVoid()
                .chain(this::announceAgain);
    }

    /** Ends whose announcement the broker never confirmed (a failed send, a crash right after the commit) go again. */
    Uni<Void> announceAgain() {
        return repository.unannouncedEnds(10, 500)
                .onItem().transformToMulti(ended -> Multi.createFrom().iterable(ended))
                .invoke(run -> LOG.infof("announcing the end of run %s again", run.runId()))
                .onItem().transformToUniAndConcatenate(publisher::publish)
                .collect().last()
                .replaceWithVoid();
    }
}
