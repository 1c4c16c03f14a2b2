package io.recoverysync.ehr.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import io.recoverysync.ehr.config.EhrSyncConfig;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * {@code ehr_queue_depth{status}}: rows of the EHR queue per status, all organizations (a growing {@code pending}
 * means EHRbase is not keeping up). A scrape answers the cached counts and, when they are older than
 * {@code ehr-sync.metrics.queue-depth-max-age}, starts one asynchronous re-count for the next scrape, so scrapes
 * never wait for, nor pile up on, the database. The first count is taken during start-up (before the HTTP server
 * answers a scrape), so the gauge is a number from the first scrape on, never NaN.
 */
@Startup
@ApplicationScoped
public class QueueDepthGauge {
    static final List<String> STATUSES = List.of(QueuedNote.PENDING, QueuedNote.IN_PROGRESS, QueuedNote.COMPLETED,
            QueuedNote.FAILED, QueuedNote.SUPERSEDED);
    private static final Logger LOG = Logger.getLogger(QueueDepthGauge.class);
    private static final java.time.Duration FIRST_COUNT_WAIT = java.time.Duration.ofSeconds(10);

    private final NoteQueueRepository repository;
    private final long maxAgeNanos;
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile Map<String, Long> counts;
    private volatile long countedAt;

    public QueueDepthGauge(NoteQueueRepository repository, MeterRegistry registry, EhrSyncConfig config) {
        this.repository = repository;
        this.maxAgeNanos = config.metrics().queueDepthMaxAge().toNanos();
        for (String status : STATUSES) {
            Gauge.builder("ehr.queue.depth", this, gauge -> gauge.depth(status))
                    .description("Note revisions in the EHR queue, by status")
                    .tag("status", status)
                    .register(registry);
        }
    }

    /** Counts the queue once before the service answers; a database that does not answer in time leaves zeros. */
    public void onStart(@Observes StartupEvent event) {
        try {
            counts = Map.copyOf(repository.countByStatus().await().atMost(FIRST_COUNT_WAIT));
            countedAt = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.warnf("queue depth gauge: no first count at start-up (%s); counted at the next scrape",
                    e.getClass().getSimpleName());
        }
    }

    double depth(String status) {
        refreshIfStale();
        Map<String, Long> current = counts;
        return current == null ? 0 : current.getOrDefault(status, 0L);
    }

    private void refreshIfStale() {
        if ((counts == null || System.nanoTime() - countedAt >= maxAgeNanos) && counting.compareAndSet(false, true)) {
            repository.countByStatus().subscribe().with(fresh -> {
                counts = Map.copyOf(fresh);
                done();
            }, failure -> {
                LOG.debugf("queue depth gauge: could not count the queue: %s", failure.getMessage());
                done();
            });
        }
    }

    private void done() {
        countedAt = System.nanoTime();
        counting.set(false);
    }
}
