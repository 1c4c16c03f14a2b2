package io.recoverysync.ehr.service;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter: initial x 2^(attempt-1), times a random 0.5-1.5, capped. */
public final class Backoff {
    private Backoff() {
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    public static Duration after(int attempt, Duration initial, Duration max) {
        double base = initial.toMillis() * Math.pow(2, Math.min(Math.max(attempt, 1) - 1, 20));
        double jittered = Math.min(base, max.toMillis()) * (0.5 + ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis((long) Math.min(jittered, max.toMillis()));
    }
}
