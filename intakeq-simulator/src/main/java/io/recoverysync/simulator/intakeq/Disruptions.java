package io.recoverysync.simulator.intakeq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Time-boxed misbehaviour of the whole API: a 429 storm or a 5xx outage, each ending at an instant of the
 * simulator's clock (so a test with a shiftable clock ends it by moving the clock, not by sleeping).
 *
 * <p>Checked after authentication and before the quota, so neither consumes budget; while both are active the storm
 * wins (a gateway rate limiter answers before the application behind it).
 */
final class Disruptions {

    /** What to answer instead of serving the request; {@code retryAfterSeconds} null means no header. */
    record Answer(int status, Long retryAfterSeconds) {
        boolean rateLimited() {
            return status == 429;
        }
    }

    private final Clock clock;
    private Instant stormUntil;
    private RetryAfter stormMode = RetryAfter.NONE;
    private Integer stormFixedSeconds;
    private Instant outageUntil;
    private int outageStatus;

    Disruptions(Clock clock) {
        this.clock = clock;
    }

    /** A duration of zero or less ends any storm; {@code fixedSeconds} non-null overrides {@code mode}. */
    synchronized void rateLimitFor(Duration duration, RetryAfter mode, Integer fixedSeconds) {
        if (fixedSeconds != null && fixedSeconds < 0) {
            throw new IllegalArgumentException("Retry-After seconds must not be negative: " + fixedSeconds);
        }
        if (duration == null || duration.isZero() || duration.isNegative()) {
            stormUntil = null;
            return;
        }
        stormUntil = clock.instant().plus(duration);
        stormMode = mode == null ? RetryAfter.NONE : mode;
        stormFixedSeconds = fixedSeconds;
    }

    /** A duration of zero or less ends any outage. */
    synchronized void unavailableFor(Duration duration, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("an outage answers 5xx, not " + status);
        }
        if (duration == null || duration.isZero() || duration.isNegative()) {
            outageUntil = null;
            return;
        }
        outageUntil = clock.instant().plus(duration);
        outageStatus = status;
    }

    synchronized void calm() {
        stormUntil = null;
        outageUntil = null;
    }

    /** The answer to give now, or null to serve the request normally. */
    synchronized Answer current() {
        Instant now = clock.instant();
        if (stormUntil != null && now.isBefore(stormUntil)) {
            return new Answer(429, retryAfter(now));
        }
        if (outageUntil != null && now.isBefore(outageUntil)) {
            return new Answer(outageStatus, null);
        }
        return null;
    }

    /** End of the running storm in simulator time, or null if none is running. */
    synchronized Instant stormUntil() {
        return stormUntil != null && clock.instant().isBefore(stormUntil) ? stormUntil : null;
    }

    /** End of the running outage in simulator time, or null if none is running. */
    synchronized Instant outageUntil() {
        return outageUntil != null && clock.instant().isBefore(outageUntil) ? outageUntil : null;
    }

    synchronized int outageStatus() {
        return outageStatus;
    }

    private Long retryAfter(Instant now) {
        if (stormFixedSeconds != null) {
            return (long) stormFixedSeconds;
        }
        if (stormMode != RetryAfter.AUTO) {
            return null;
        }
        long remainingMs = Duration.between(now, stormUntil).toMillis();
        return Math.max(1L, (remainingMs + 999L) / 1000L);
    }
}
