package io.recoverysync.scheduler.service;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When the nightly run fires and which business date it belongs to, computed in the configured zone
 * (America/Denver by default) so that 03:00 stays 03:00 local across DST changes.
 */
public final class NightlySchedule {
    private final ExecutionTime executionTime;
    private final ZoneId zone;

    public NightlySchedule(String quartzCron, ZoneId zone) {
        this.executionTime = ExecutionTime.forCron(
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)).parse(quartzCron));
        this.zone = zone;
    }

    /** The first fire time strictly after {@code now}. */
    public ZonedDateTime nextFireAfter(Instant now) {
        return executionTime.nextExecution(now.atZone(zone))
                .orElseThrow(() -> new IllegalStateException("the nightly cron never fires"));
    }

    /** The latest fire time at or before {@code now}. */
    public ZonedDateTime lastFireAtOrBefore(Instant now) {
        ZonedDateTime at = now.atZone(zone);
        if (executionTime.isMatch(at.withNano(0))) {
            return at.withNano(0);
        }
        return executionTime.lastExecution(at)
                .orElseThrow(() -> new IllegalStateException("the nightly cron never fired"));
    }

    /**
     * The business date of the night a trigger at {@code triggeredAt} belongs to: the local date of the latest
     * scheduled fire at or before it. A trigger after midnight but before the night's 03:00 fire belongs to the
     * night before (whose run it finds, or catches up), never to the night still to come, which would otherwise find
     * its run already taken and the catch-up start a second run for the night before.
     */
    public LocalDate businessDate(Instant triggeredAt) {
        return lastFireAtOrBefore(triggeredAt).toLocalDate();
    }

    public ZoneId zone() {
        return zone;
    }
}
