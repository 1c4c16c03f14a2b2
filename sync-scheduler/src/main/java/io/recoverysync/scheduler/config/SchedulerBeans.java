package io.recoverysync.scheduler.config;

import io.recoverysync.scheduler.service.NightlySchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.ZoneId;

/** Produces the clock and the nightly schedule from configuration. */
public class SchedulerBeans {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    NightlySchedule nightlySchedule(SchedulerConfig config) {
        String cron = config.nightly().cron();
        // "off" disables the in-process trigger (a Kubernetes CronJob calls the endpoint instead); the business
        // date still needs a schedule, so fall back to the default expression for it.
        return new NightlySchedule("off".equalsIgnoreCase(cron) ? "0 0 3 * * ?" : cron,
                ZoneId.of(config.nightly().timeZone()));
    }
}
