package io.recoverysync.appointments.client;

import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spaces this instance's IntakeQ requests evenly at the configured rate and holds them all back after a 429.
 * Slots are handed out atomically, so concurrent callers queue instead of bursting.
 */
@ApplicationScoped
public class RequestPacer {
    private final long intervalNanos;
    private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

    public RequestPacer(AppointmentSyncConfig config) {
        int perMinute = config.intakeq().requestsPerMinute();
        this.intervalNanos = perMinute <= 0 ? 0 : Duration.ofMinutes(1).toNanos() / perMinute;
    }

    /** Completes when the caller may send its request. */
    public Uni<Void> acquire() {
        long now = System.nanoTime();
        long slot = nextSlot.getAndUpdate(next -> Math.max(next, now) + intervalNanos);
        long wait = Math.max(slot, now) - now;
        if (wait <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait));
    }

    /** Nobody sends before {@code until} (IntakeQ said 429). */
    public void pauseUntil(Instant until) {
        long delay = Duration.between(Instant.now(), until).toNanos();
        if (delay > 0) {
            long resumeAt = System.nanoTime() + delay;
            nextSlot.getAndUpdate(next -> Math.max(next, resumeAt));
        }
    }
}
