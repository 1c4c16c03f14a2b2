package io.recoverysync.appointments;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The dates a sync keeps in step: {@code daysBack} before today (UTC) to {@code daysAhead} after it. IntakeQ's
 * date bounds have undocumented inclusiveness and zone, so its queries ask for a day more on each side and the
 * appointments are filtered here on their start.
 */
public record SyncWindow(Instant start, Instant end, LocalDate queryStart, LocalDate queryEnd) {

    public static SyncWindow of(Clock clock, int daysBack, int daysAhead) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new SyncWindow(today.minusDays(daysBack).atStartOfDay(ZoneOffset.UTC).toInstant(),
                today.plusDays(daysAhead + 1L).atStartOfDay(ZoneOffset.UTC).toInstant(),
                today.minusDays(daysBack + 1L), today.plusDays(daysAhead + 1L));
    }

    public boolean contains(Instant t) {
        return t != null && !t.isBefore(start) && t.isBefore(end);
    }
}
