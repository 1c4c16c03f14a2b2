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
    private final FaultCountdown duplicateKey = new FaultCountdown();
    private Duration latency = Duration.ZERO;
    private String nodeName;

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

    /**
     * The next {@code count} composition POSTs store the composition and answer 500 DuplicateKeyException, as
     * EHRbase 2.29 answers the loser of two concurrent POSTs of one composition (the winner's copy is stored).
     */
    synchronized void duplicateKeyNext(int count) {
        duplicateKey.arm(count);
    }

    synchronized boolean takeDuplicateKey() {
        return duplicateKey.take();
    }

    synchronized void setLatency(Duration latency) {
        this.latency = latency == null || latency.isNegative() ? Duration.ZERO : latency;
    }

    synchronized Duration latency() {
        return latency;
    }

    /** The system id EHRbase stamps and checks: {@code configured} unless a test set another node name. */
    synchronized String nodeNameOr(String configured) {
        return nodeName == null ? configured : nodeName;
    }

    synchronized void setNodeName(String name) {
        nodeName = name;
    }

    synchronized void reset() {
        nodeName = null;
        outage = false;
        failures.disarm();
        failureStatus = 0;
        failureMessage = null;
        garbled.disarm();
        duplicateKey.disarm();
        latency = Duration.ZERO;
    }
}
