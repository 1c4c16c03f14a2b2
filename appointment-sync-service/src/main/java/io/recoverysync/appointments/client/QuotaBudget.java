package io.recoverysync.appointments.client;

import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.contracts.ReasonCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * The IntakeQ request budget of the account (one API key), shared by every replica and kept in PostgreSQL
 * ({@code appointments.intakeq_quota}, one row per account).
 * A request atomically reserves the next slot (slots are spaced 60 s / rate apart, with a small headroom so a
 * sliding-window limiter never sees one request too many), counts against the UTC day's cap, and waits until its
 * slot. A 429 moves {@code paused_until} forward, which every replica's next reservation respects.
 */
@ApplicationScoped
public class QuotaBudget {
    private static final Logger LOG = Logger.getLogger(QuotaBudget.class);
    private static final String USED_TODAY = "(CASE WHEN day = (now() AT TIME ZONE 'UTC')::date THEN day_count ELSE 0 END)";
    private static final String FREE_SLOT = "GREATEST(next_slot_at, now(), COALESCE(paused_until, now()))";

    private final Pool pool;
    private final String account;
    private final double intervalSeconds;
    private final int perDay;
    private final int perMinute;

    public QuotaBudget(Pool pool, AppointmentSyncConfig config) {
        this.pool = pool;
        this.account = config.mirror().account();
        AppointmentSyncConfig.IntakeQ intakeq = config.intakeq();
        this.perMinute = intakeq.requestsPerMinute();
        this.perDay = intakeq.requestsPerDay() <= 0 ? Integer.MAX_VALUE : intakeq.requestsPerDay();
        this.intervalSeconds = perMinute <= 0 ? 0 : 60.0 / (perMinute * (1 - intakeq.pacingHeadroom()));
    }

    /** Creates the account's budget row (and nothing else) if this is the account's first start. */
    public Uni<Void> ensureAccount() {
        return pool.preparedQuery("INSERT INTO appointments.intakeq_quota (account) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(account))
                .replaceWithVoid();
    }

    /** What the budget looks like now. */
    public record Status(int requestsPerMinute, Integer requestsPerDay, int usedToday, Integer remainingToday,
            Instant nextSlotAt, Instant pausedUntil, long rateLimitedResponses) {
    }

    /** Completes when the caller may send one request; fails with QUOTA_EXHAUSTED when the day's budget is spent. */
    public Uni<Void> acquire(Lane lane) {
        double horizon = lane.horizonSlots() == Double.MAX_VALUE ? 86_400 : lane.horizonSlots() * intervalSeconds;
        return pool.preparedQuery("UPDATE appointments.intakeq_quota SET"
                        + " day = (now() AT TIME ZONE 'UTC')::date,"
                        + " day_count = " + USED_TODAY + " + 1,"
                        + " next_slot_at = " + FREE_SLOT + " + make_interval(secs => $1),"
                        + " updated_at = now()"
                        + " WHERE account = $4 AND " + USED_TODAY + " < $2"
                        + " AND " + FREE_SLOT + " <= now() + make_interval(secs => $3)"
                        + " RETURNING EXTRACT(EPOCH FROM (next_slot_at - make_interval(secs => $1) - now())) AS wait_seconds")
                .execute(Tuple.of(intervalSeconds, perDay, horizon, account))
                .onItem().transformToUni(rows -> rows.size() == 1
                        ? sleep(seconds(rows.iterator().next().getDouble("wait_seconds")))
                        : whyNot(lane));
    }

    private Uni<Void> whyNot(Lane lane) {
        double horizon = lane.horizonSlots() == Double.MAX_VALUE ? 86_400 : lane.horizonSlots() * intervalSeconds;
        return pool.preparedQuery("SELECT " + USED_TODAY + " >= $1 AS exhausted,"
                        + " EXTRACT(EPOCH FROM (" + FREE_SLOT + " - now())) - $2 AS wait_seconds"
                        + " FROM appointments.intakeq_quota WHERE account = $3")
                .execute(Tuple.of(perDay, horizon, account))
                .onItem().transformToUni(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getBoolean("exhausted")) {
                        return Uni.createFrom().failure(new SyncFailure(ReasonCode.QUOTA_EXHAUSTED,
                                "daily IntakeQ budget of " + perDay + " requests spent"));
                    }
                    // a higher lane holds the near slots: look again shortly, never later than one interval
                    Duration wait = seconds(Math.min(Math.max(row.getDouble("wait_seconds"), 0.05), Math.max(intervalSeconds, 0.05)));
                    return sleep(wait).chain(() -> acquire(lane));
                });
    }

    /** IntakeQ said 429: nobody, on any replica, sends before {@code wait} has passed. */
    public Uni<Void> pauseFor(Duration wait) {
        return pool.preparedQuery("""
                UPDATE appointments.intakeq_quota
                SET paused_until = GREATEST(COALESCE(paused_until, now()), now() + make_interval(secs => $1)),
                    rate_limited = rate_limited + 1, updated_at = now()
                WHERE account = $2""")
                .execute(Tuple.of((double) wait.toMillis() / 1000, account))
                .invoke(() -> LOG.warnf("IntakeQ answered 429: all replicas pause for %d ms", wait.toMillis()))
                .replaceWithVoid();
    }

    public Uni<Status> status() {
        return pool.preparedQuery("SELECT " + USED_TODAY + " AS used, next_slot_at, paused_until, rate_limited"
                        + " FROM appointments.intakeq_quota WHERE account = $1")
                .execute(Tuple.of(account))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    int used = r.getInteger("used");
                    boolean capped = perDay != Integer.MAX_VALUE;
                    return new Status(perMinute, capped ? perDay : null, used, capped ? Math.max(0, perDay - used) : null,
                            instant(r.getOffsetDateTime("next_slot_at")), instant(r.getOffsetDateTime("paused_until")),
                            r.getLong("rate_limited"));
                });
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (Math.max(seconds, 0) * 1e9));
    }

    private static Uni<Void> sleep(Duration wait) {
        return wait.toMillis() < 1 ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }
}
