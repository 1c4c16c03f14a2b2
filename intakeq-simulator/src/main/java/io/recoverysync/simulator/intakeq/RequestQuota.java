package io.recoverysync.simulator.intakeq;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * IntakeQ's per-account request quota: a sliding 60-second window plus a per-UTC-day cap.
 *
 * <p>Only accepted requests consume budget, so a client hammering a 429 does not extend its own ban; this is the
 * most lenient reading of the undocumented real behaviour and keeps retry tests predictable.
 */
final class RequestQuota {

    static final long WINDOW_MS = 60_000L;

    /** Outcome of one admission check; {@code retryAfterHeader} is the header value to send on rejection, or null. */
    record Decision(boolean accepted, Long retryAfterHeader) {
    }

    private final Clock clock;
    private final ArrayDeque<Long> acceptedInWindow = new ArrayDeque<>();
    private int perMinute;
    private int perDay;
    private LocalDate day;
    private int acceptedToday;
    private RetryAfter retryAfterMode = RetryAfter.NONE;
    private Integer fixedRetryAfterSeconds;

    RequestQuota(Clock clock, int perMinute, int perDay) {
        this.clock = clock;
        this.perMinute = perMinute;
        this.perDay = perDay;
    }

    synchronized void setLimits(int perMinute, int perDay) {
        this.perMinute = perMinute;
        this.perDay = perDay;
    }

    synchronized void setRetryAfter(RetryAfter mode) {
        retryAfterMode = mode == null ? RetryAfter.NONE : mode;
        fixedRetryAfterSeconds = null;
    }

    synchronized void setRetryAfterSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("Retry-After seconds must not be negative: " + seconds);
        }
        fixedRetryAfterSeconds = seconds;
    }

    synchronized int perMinute() {
        return perMinute;
    }

    synchronized int perDay() {
        return perDay;
    }

    synchronized void reset() {
        acceptedInWindow.clear();
        acceptedToday = 0;
        day = null;
    }

    synchronized Decision tryAcquire() {
        long now = clock.millis();
        while (!acceptedInWindow.isEmpty() && acceptedInWindow.peekFirst() <= now - WINDOW_MS) {
            acceptedInWindow.pollFirst();
        }
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            acceptedToday = 0;
        }
        boolean minuteFull = perMinute > 0 && acceptedInWindow.size() >= perMinute;
        boolean dayFull = perDay > 0 && acceptedToday >= perDay;
        if (minuteFull || dayFull) {
            long waitMs = 0;
            if (minuteFull) {
                waitMs = Math.max(waitMs, msUntilMinuteSlotFrees(now));
            }
            if (dayFull) {
                long midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                waitMs = Math.max(waitMs, midnight - now);
            }
            return new Decision(false, retryAfterHeader(waitMs));
        }
        // Store even when the minute limit is off so that switching it on mid-window sees real history.
        acceptedInWindow.addLast(now);
        acceptedToday++;
        return new Decision(true, null);
    }

    private Long retryAfterHeader(long waitMs) {
        if (fixedRetryAfterSeconds != null) {
            return (long) fixedRetryAfterSeconds;
        }
        return retryAfterMode == RetryAfter.AUTO ? Math.max(1L, (waitMs + 999L) / 1000L) : null;
    }

    private long msUntilMinuteSlotFrees(long now) {
        // If the limit was lowered the window can hold more than perMinute entries; a slot frees only once
        // enough of the oldest ones have expired.
        int mustExpire = acceptedInWindow.size() - perMinute + 1;
        Iterator<Long> it = acceptedInWindow.iterator();
        long ts = now;
        for (int i = 0; i < mustExpire && it.hasNext(); i++) {
            ts = it.next();
        }
        return ts + WINDOW_MS - now;
    }
}
