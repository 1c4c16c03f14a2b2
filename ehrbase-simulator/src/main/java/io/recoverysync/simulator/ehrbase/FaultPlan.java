package io.recoverysync.simulator.ehrbase;

import io.recoverysync.simulator.kit.FaultCountdown;
import java.time.Duration;

/**
 * Misbehaviour a test or demo asked for: an outage (every openEHR request answers 503, as a load balancer in front
 * of a stopped EHRbase does), queued failures with a chosen status and message, garbled answers, and latency.
 *
 * <p>Queued failures are consumed one per authenticated request, so "two 503s, then success" can be scripted exactly.
 */
final class FaultPlan {

    private boolean outage;
    private final FaultCountdown failures = new FaultCountdown();
    private int failureStatus;
    private String failureMessage;
    private final FaultCountdown garbled = new FaultCountdown();
    private Duration latency = Duration.ZERO;

    /** A queued failure: status and EHRbase message (null = the status's usual text). */
    record Failure(int status, String message) {
    }

    synchronized void setOutage(boolean on) {
        outage = on;
    }

    synchronized boolean outage() {
        return outage;
    }

    synchronized void failNext(int count, int httpStatus, String message) {
        if (httpStatus < 100 || httpStatus > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
        }
        failures.arm(count);
        failureStatus = httpStatus;
        failureMessage = message;
    }

    /** The failure to answer this request with, or null to serve it normally. */
    synchronized Failure takeFailure() {
        return failures.take() ? new Failure(failureStatus, failureMessage) : null;
    }

    /** The next {@code count} answers are cut off (see {@link HttpReply#garbled()}); what the requests did stays done. */
    synchronized void garbleNext(int count) {
        garbled.arm(count);
    }

    /** Whether this answer is to be garbled. */
    synchronized boolean takeGarble() {
        return garbled.take();
    }

    synchronized void setLatency(Duration latency) {
        this.latency = latency == null || latency.isNegative() ? Duration.ZERO : latency;
    }

    synchronized Duration latency() {
        return latency;
    }

    synchronized void reset() {
        outage = false;
        failures.disarm();
        failureStatus = 0;
        failureMessage = null;
        garbled.disarm();
        latency = Duration.ZERO;
    }
}
