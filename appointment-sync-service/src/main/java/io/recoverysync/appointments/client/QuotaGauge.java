package io.recoverysync.appointments.client;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * {@code intakeq_quota_remaining}: requests left in today's (UTC) shared IntakeQ budget, read from the quota table.
 * A scrape answers the cached value and, when that is older than {@code appointment-sync.metrics.quota-max-age},
 * starts one asynchronous re-read for the next scrape, so scrapes never wait for, nor pile up on, the database.
 * NaN until the first read; +Inf when the daily budget is unlimited.
 */
@Startup
@ApplicationScoped
public class QuotaGauge {
    private static final Logger LOG = Logger.getLogger(QuotaGauge.class);

    private final QuotaBudget quota;
    private final long maxAgeNanos;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile double remaining = Double.NaN;
    private volatile long readAt;
    private volatile boolean everRead;

    public QuotaGauge(QuotaBudget quota, MeterRegistry registry, AppointmentSyncConfig config) {
        this.quota = quota;
        this.maxAgeNanos = config.metrics().quotaMaxAge().toNanos();
        Gauge.builder("intakeq.quota.remaining", this, QuotaGauge::remaining)
                .description("Requests left in today's shared IntakeQ budget (UTC day); +Inf when unlimited")
                .register(registry);
    }

    double remaining() {
        if ((!everRead || System.nanoTime() - readAt >= maxAgeNanos) && reading.compareAndSet(false, true)) {
            quota.status().subscribe().with(status -> {
                remaining = status.remainingToday() == null ? Double.POSITIVE_INFINITY : status.remainingToday();
                readDone();
            }, failure -> {
                LOG.debugf("quota gauge: could not read the budget: %s", failure.getMessage());
                readDone();
            });
        }
        return remaining;
    }

    private void readDone() {
        readAt = System.nanoTime();
        everRead = true;
        reading.set(false);
    }
}
