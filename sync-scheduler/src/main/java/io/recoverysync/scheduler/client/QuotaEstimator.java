package io.recoverysync.scheduler.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.scheduler.config.SchedulerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Tells a case manager, before a bulk refresh gets going, what it costs against the IntakeQ budget: requests
 * needed, requests left today, and when it should finish. An unreachable budget gives no estimate, never an error.
 */
@ApplicationScoped
public class QuotaEstimator {
    private static final Logger LOG = Logger.getLogger(QuotaEstimator.class);

    private final QuotaApi api;
    private final String authorization;

    public QuotaEstimator(@RestClient QuotaApi api, SchedulerConfig config) {
        this.api = api;
        this.authorization = "Bearer " + config.internalApi().token().orElse("");
    }

    /**
     * The estimate shown in a bulk run's response.
     *
     * @param requestsNeeded     what appointment-sync says a refresh of every patient costs now (one practice-wide
     *                           read, whatever the number of patients); one request per patient when it cannot say
     * @param remainingToday     requests left in today's shared budget, null when the plan has no daily cap
     * @param requestsPerMinute  the account's rate, 0 when unlimited
     * @param estimatedFinishAt  when the last request should be sent, after work already queued
     * @param fitsInDailyBudget  false when today's budget cannot cover the run
     * @param note               what that means for the case manager
     */
    public record Estimate(int requestsNeeded, Integer remainingToday, int requestsPerMinute, Instant estimatedFinishAt,
            boolean fitsInDailyBudget, String note) {
    }

    public Uni<Estimate> estimate(int patients) {
        return api.quota(authorization)
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(q -> compute(patients, q, Instant.now()))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("no quota estimate: the IntakeQ budget could not be read (%s)", e.getClass().getSimpleName());
                    return null;
                });
    }

    /** The estimate from the budget's state {@code q} (as served by {@code GET /internal/quota}). */
    public static Estimate compute(int patients, JsonNode q, Instant now) {
        int needed = q.hasNonNull("refreshRequests") ? q.get("refreshRequests").asInt() : patients;
        int perMinute = q.path("requestsPerMinute").asInt(0);
        Integer remaining = q.hasNonNull("remainingToday") ? q.get("remainingToday").asInt() : null;
        Instant queuedUntil = q.hasNonNull("nextSlotAt") ? Instant.parse(q.get("nextSlotAt").asText()) : now;
        Instant pausedUntil = q.hasNonNull("pausedUntil") ? Instant.parse(q.get("pausedUntil").asText()) : now;
        Instant start = max(now, max(queuedUntil, pausedUntil));
        int affordable = remaining == null ? needed : Math.min(needed, remaining);
        Instant finish = perMinute <= 0 ? start : start.plusMillis(Math.round(affordable * 60_000.0 / perMinute));
        boolean fits = remaining == null || needed <= remaining;
        String note = fits
                ? "Today's IntakeQ budget covers this refresh."
                : "Today's IntakeQ budget has " + remaining + " of the " + needed + " requests this refresh needs;"
                        + " patients it cannot read are reported as QUOTA_EXHAUSTED and picked up by the next run.";
        return new Estimate(needed, remaining, perMinute, finish, fits, note);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
