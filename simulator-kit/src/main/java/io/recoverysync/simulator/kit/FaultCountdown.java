package io.recoverysync.simulator.kit;

import java.util.concurrent.atomic.AtomicInteger;

/** A fault armed for the next {@code n} requests: each request takes one, so "two 503s, then success" is exact. */
public final class FaultCountdown {
    private final AtomicInteger left = new AtomicInteger();

    /** Arms the fault for the next {@code count} requests (a negative count disarms it). */
    public void arm(int count) {
        left.set(Math.max(0, count));
    }

    /** Whether this request gets the fault; true at most as often as it was armed for. */
    public boolean take() {
        return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    public void disarm() {
        left.set(0);
    }
}
