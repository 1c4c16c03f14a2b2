package io.recoverysync.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recoverysync.scheduler.service.NightlySchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The nightly trigger stays at 03:00 local time in America/Denver on both DST change dates. */
class NightlyScheduleTest {
    private final NightlySchedule schedule = new NightlySchedule("0 0 3 * * ?", ZoneId.of("America/Denver"));

    @Test
    void winterNightFiresAtTenUtc() {
        assertEquals(Instant.parse("2026-01-16T10:00:00Z"),
                schedule.nextFireAfter(Instant.parse("2026-01-15T12:00:00Z")).toInstant());
    }

    @Test
    void summerNightFiresAtNineUtc() {
        assertEquals(Instant.parse("2026-07-16T09:00:00Z"),
                schedule.nextFireAfter(Instant.parse("2026-07-15T12:00:00Z")).toInstant());
    }

    @Test
    void springForwardNightStillFiresAtThreeLocal() {
        // 2026-03-08: clocks jump from 02:00 MST to 03:00 MDT; 01:30 MST is 08:30Z.
        Instant pinned = Instant.parse("2026-03-08T08:30:00Z");
        assertEquals(Instant.parse("2026-03-08T09:00:00Z"), schedule.nextFireAfter(pinned).toInstant());
        assertEquals(LocalDate.parse("2026-03-08"), schedule.businessDate(Instant.parse("2026-03-08T09:00:00Z")));
        // and the night before still ran on MST
        assertEquals(Instant.parse("2026-03-07T10:00:00Z"),
                schedule.nextFireAfter(Instant.parse("2026-03-07T08:00:00Z")).toInstant());
    }

    @Test
    void fallBackNightFiresOnceAtThreeLocal() {
        // 2026-11-01: clocks fall back from 02:00 MDT to 01:00 MST; 01:00 MDT is 07:00Z.
        Instant pinned = Instant.parse("2026-11-01T07:00:00Z");
        assertEquals(Instant.parse("2026-11-01T10:00:00Z"), schedule.nextFireAfter(pinned).toInstant());
        assertEquals(Instant.parse("2026-11-02T10:00:00Z"),
                schedule.nextFireAfter(Instant.parse("2026-11-01T10:00:00Z")).toInstant());
    }

    @Test
    void aTriggerBetweenMidnightAndTheFireBelongsToTheNightBefore() {
        // 2026-12-06T07:31Z is 00:31 MST on December 6: the night of December 6 fires at 03:00 (10:00Z)
        assertEquals(LocalDate.parse("2026-12-05"), schedule.businessDate(Instant.parse("2026-12-06T07:31:00Z")));
        assertEquals(LocalDate.parse("2026-12-06"), schedule.businessDate(Instant.parse("2026-12-06T10:00:00Z")));
        assertEquals(LocalDate.parse("2026-12-06"), schedule.businessDate(Instant.parse("2026-12-06T10:00:01.5Z")));
    }

    @Test
    void businessDateIsTheLocalDateNotTheUtcDate() {
        // 2026-06-01T04:30Z is still May 31 in Denver (22:30 MDT)
        assertEquals(LocalDate.parse("2026-05-31"), schedule.businessDate(Instant.parse("2026-06-01T04:30:00Z")));
    }
}
