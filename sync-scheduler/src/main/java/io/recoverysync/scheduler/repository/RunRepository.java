package io.recoverysync.scheduler.repository;

import io.recoverysync.contracts.SyncType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The ledger of runs this service started, and whether their fan-out finished. */
@ApplicationScoped
public class RunRepository {
    private final Pool pool;

    public RunRepository(Pool pool) {
        this.pool = pool;
    }

    /** A run as recorded here. */
    public record Run(UUID id, UUID organizationId, SyncType syncType, LocalDate businessDate, UUID patientId,
            String triggeredBy, OffsetDateTime createdAt) {
    }

    /**
     * Records a run, its fan-out heartbeat starting now (the column's default); for a nightly run returns null when
     * one already exists for (organization, business date), which makes the nightly trigger idempotent across
     * replicas, restarts and the cron endpoint.
     */
    public Uni<Run> insert(Run run) {
        return pool.preparedQuery("""
                INSERT INTO scheduler.sync_runs (id, organization_id, sync_type, business_date, patient_id, triggered_by)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT DO NOTHING
                RETURNING created_at""")
                .execute(Tuple.tuple()
                        .addValue(run.id())
                        .addValue(run.organizationId())
                        .addValue(run.syncType().wire())
                        .addValue(run.businessDate())
                        .addValue(run.patientId())
                        .addValue(run.triggeredBy()))
                .map(rows -> rows.size() == 0 ? null
                        : new Run(run.id(), run.organizationId(), run.syncType(), run.businessDate(),
                                run.patientId(), run.triggeredBy(), rows.iterator().next().getOffsetDateTime("created_at")));
    }

    /** The nightly run already recorded for (organization, business date), or null. */
    public Uni<Run> findNightly(UUID organizationId, LocalDate businessDate) {
        return pool.preparedQuery("""
                SELECT * FROM scheduler.sync_runs
                WHERE organization_id = $1 AND business_date = $2 AND sync_type = 'automated_daily'""")
                .execute(Tuple.of(organizationId, businessDate))
                .map(rows -> rows.size() == 0 ? null : toRun(rows.iterator().next()));
    }

    /** Records that every command of the run was published. */
    public Uni<Void> markFannedOut(UUID runId, int expectedPatients) {
        return pool.preparedQuery("""
                UPDATE scheduler.sync_runs SET expected_patients = $2, fanout_completed_at = now()
                WHERE id = $1""")
                .execute(Tuple.of(runId, expectedPatients))
                .replaceWithVoid();
    }

    /** Records the end the log service announced; idempotent. */
    public Uni<Void> markEnded(UUID runId, String finalStatus, Instant endedAt) {
        return pool.preparedQuery("""
                UPDATE scheduler.sync_runs SET ended_at = $2, final_status = $3
                WHERE id = $1 AND ended_at IS NULL""")
                .execute(Tuple.of(runId, endedAt.atOffset(ZoneOffset.UTC), finalStatus))
                .replaceWithVoid();
    }

    /**
     * Treats the organization's open bulk run as over when it is older than {@code maxAge} (its end was never
     * announced, e.g. the log service was down), so one lost event cannot block bulk refreshes for good.
     */
    public Uni<Void> releaseStaleBulk(UUID organizationId, Duration maxAge) {
        return pool.preparedQuery("""
                UPDATE scheduler.sync_runs SET ended_at = now(), final_status = 'abandoned'
                WHERE organization_id = $1 AND sync_type = 'manual_bulk' AND ended_at IS NULL
                  AND created_at < now() - make_interval(secs => $2)""")
                .execute(Tuple.of(organizationId, (double) maxAge.toSeconds()))
                .replaceWithVoid();
    }

    /** The organization's bulk run that has not ended, or null. */
    public Uni<Run> openBulk(UUID organizationId) {
        return pool.preparedQuery("""
                SELECT * FROM scheduler.sync_runs
                WHERE organization_id = $1 AND sync_type = 'manual_bulk' AND ended_at IS NULL""")
                .execute(Tuple.of(organizationId))
                .map(rows -> rows.size() == 0 ? null : toRun(rows.iterator().next()));
    }

    /**
     * Up to 100 runs not fanned out (nor ended) whose fan-out heartbeat is older than {@code staleAfter}: nobody is
     * fanning them out any more (a crash, or a failed fan-out). A run recorded before heartbeats counts from its
     * creation. Oldest heartbeat first; {@link #claimStale} decides who resumes each.
     */
    public Uni<List<Run>> unfinishedFanOuts(Duration staleAfter) {
        return pool.preparedQuery("""
                SELECT * FROM scheduler.sync_runs
                WHERE fanout_completed_at IS NULL AND ended_at IS NULL
                  AND coalesce(fanout_heartbeat_at, created_at) < now() - make_interval(secs => $1)
                ORDER BY coalesce(fanout_heartbeat_at, created_at) LIMIT 100""")
                .execute(Tuple.of(seconds(staleAfter)))
                .map(rows -> {
                    List<Run> runs = new ArrayList<>();
                    rows.forEach(r -> runs.add(toRun(r)));
                    return runs;
                });
    }

    /**
     * Takes a stale run over: refreshes its heartbeat if it is still not fanned out and stale, and returns it; null
     * when it is not (fanned out meanwhile, or claimed by another replica, whose claim made the heartbeat fresh).
     * One statement, so of concurrent claims exactly one gets the row: the others wait for its lock and then
     * re-check the condition against the refreshed heartbeat.
     */
    public Uni<Run> claimStale(UUID runId, Duration staleAfter) {
        return pool.preparedQuery("""
                UPDATE scheduler.sync_runs SET fanout_heartbeat_at = now()
                WHERE id = $1 AND fanout_completed_at IS NULL AND ended_at IS NULL
                  AND coalesce(fanout_heartbeat_at, created_at) < now() - make_interval(secs => $2)
                RETURNING *""")
                .execute(Tuple.of(runId, seconds(staleAfter)))
                .map(rows -> rows.size() == 0 ? null : toRun(rows.iterator().next()));
    }

    /** Refreshes the fan-out heartbeat of the given runs that are still being fanned out; returns how many. */
    public Uni<Integer> heartbeat(Collection<UUID> runIds) {
        return pool.preparedQuery("""
                UPDATE scheduler.sync_runs SET fanout_heartbeat_at = now()
                WHERE id = ANY($1) AND fanout_completed_at IS NULL""")
                .execute(Tuple.tuple().addArrayOfUUID(runIds.toArray(UUID[]::new)))
                .map(SqlResult::rowCount);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Run toRun(Row r) {
        return new Run(r.getUUID("id"), r.getUUID("organization_id"), SyncType.fromWire(r.getString("sync_type")),
                r.getLocalDate("business_date"), r.getUUID("patient_id"), r.getString("triggered_by"),
                r.getOffsetDateTime("created_at"));
    }
}
