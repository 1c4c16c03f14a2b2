package io.recoverysync.simulator.intakeq;

/**
 * Whether 429 answers carry a {@code Retry-After} header; IntakeQ does not document it, so clients must cope with both.
 *
 * <p>A fixed number of seconds is configured with {@link IntakeQSimulator#setRetryAfterSeconds(int)} instead.
 */
public enum RetryAfter {
    /** No header (the default). */
    NONE,
    /** Seconds until the sliding minute window frees a slot (or until UTC midnight for the daily cap), rounded up, at least 1. */
    AUTO
}
