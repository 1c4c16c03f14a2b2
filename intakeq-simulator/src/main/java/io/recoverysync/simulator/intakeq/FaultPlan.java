package io.recoverysync.simulator.intakeq;

import io.recoverysync.simulator.kit.FaultCountdown;
import java.time.Duration;

/**
 * Misbehaviour the tests have asked for: queued failures, truncated bodies, latency and wire-shape variations.
 *
 * <p>Queued faults are consumed one per request so a test can script "two 503s, then success" exactly.
 */
final class FaultPlan {

    private final FaultCountdown failures = new FaultCountdown();
    private int failureStatus;
    private final FaultCountdown malformed = new FaultCountdown();
    private final FaultCountdown empty = new FaultCountdown();
    private Duration latency = Duration.ZERO;
    private boolean extraUnknownFields;
    private boolean clientIdAsString;
    private boolean locationIdAsNumber;

    synchronized void failNext(int count, int httpStatus) {
        if (httpStatus < 100 || httpStatus > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
        }
        failures.arm(count);
        failureStatus = httpStatus;
    }

    /** The status to fail this request with, or 0 to serve it normally. */
    synchronized int takeFailure() {
        return failures.take() ? failureStatus : 0;
    }

    synchronized void malformedNext(int count) {
        malformed.arm(count);
    }

    synchronized boolean takeMalformed() {
        return malformed.take();
    }

    synchronized void emptyNext(int count) {
        empty.arm(count);
    }

    synchronized boolean takeEmpty() {
        return empty.take();
    }

    synchronized void setLatency(Duration latency) {
        this.latency = latency == null || latency.isNegative() ? Duration.ZERO : latency;
    }

    synchronized Duration latency() {
        return latency;
    }

    synchronized void setExtraUnknownFields(boolean on) {
        extraUnknownFields = on;
    }

    synchronized void setClientIdAsString(boolean on) {
        clientIdAsString = on;
    }

    synchronized void setLocationIdAsNumber(boolean on) {
        locationIdAsNumber = on;
    }

    synchronized WireFormat.Options wireOptions() {
        return new WireFormat.Options(extraUnknownFields, clientIdAsString, locationIdAsNumber);
    }

    synchronized void reset() {
        failures.disarm();
        failureStatus = 0;
        malformed.disarm();
        empty.disarm();
        latency = Duration.ZERO;
        extraUnknownFields = false;
        clientIdAsString = false;
        locationIdAsNumber = false;
    }
}
