package io.recoverysync.simulator.intakeq;

import java.time.Duration;

/**
 * Misbehaviour the tests have asked for: queued failures, truncated bodies, latency and wire-shape variations.
 *
 * <p>Queued faults are consumed one per request so a test can script "two 503s, then success" exactly.
 */
final class FaultPlan {

    private int failuresLeft;
    private int failureStatus;
    private int malformedLeft;
    private Duration latency = Duration.ZERO;
    private boolean extraUnknownFields;
    private boolean clientIdAsString;
    private boolean locationIdAsNumber;

    synchronized void failNext(int count, int httpStatus) {
        if (httpStatus < 100 || httpStatus > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
        }
        failuresLeft = Math.max(0, count);
        failureStatus = httpStatus;
    }

    /** The status to fail this request with, or 0 to serve it normally. */
    synchronized int takeFailure() {
        if (failuresLeft <= 0) {
            return 0;
        }
        failuresLeft--;
        return failureStatus;
    }

    synchronized void malformedNext(int count) {
        malformedLeft = Math.max(0, count);
    }

    synchronized boolean takeMalformed() {
        if (malformedLeft <= 0) {
            return false;
        }
        malformedLeft--;
        return true;
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
        failuresLeft = 0;
        failureStatus = 0;
        malformedLeft = 0;
        latency = Duration.ZERO;
        extraUnknownFields = false;
        clientIdAsString = false;
        locationIdAsNumber = false;
    }
}
