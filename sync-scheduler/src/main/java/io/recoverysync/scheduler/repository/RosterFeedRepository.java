package io.recoverysync.scheduler.repository;

import io.recoverysync.scheduler.RosterChange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The roster feed's ledger ({@code scheduler.roster_published}): which state of each affiliation was published,
 * and which affiliations now differ from it. Removed affiliations (deleted rows) are reported as {@code removed}.
 */
@ApplicationScoped
public class RosterFeedRepository {
    /** One publisher at a time across replicas: a transaction-scoped advisory lock. */
    private static final long FEED_LOCK = 0x726f737465724cL;

    private final Pool pool;

    public RosterFeedRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} in a transaction holding the feed's lock, or returns an empty list without running it when
     * another replica holds the lock.
     */
    public Uni<List<RosterChange>> exclusively(Function<SqlConnection, Uni<List<RosterChange>>> work) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(FEED_LOCK))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? work.apply(conn)
                        : Uni.createFrom().item(List.<RosterChange>of())));
    }

    /** Up to {@code limit} affiliations whose state is not the one last published, each with a new revision. */
    public Uni<List<RosterChange>> unpublished(SqlConnection conn, int limit) {
        return conn.preparedQuery("""
                WITH current AS (
                    SELECT a.patient_id, a.organization_id, a.status, p.intakeq_client_id,
                           (p.email IS NOT NULL AND btrim(p.email) <> '') AS has_email
                    FROM scheduler.patient_organization_affiliations a
                    JOIN scheduler.patients p ON p.id = a.patient_id
                    UNION ALL
                    SELECT r.patient_id, r.organization_id, 'removed', r.intakeq_client_id, r.has_email
                    FROM scheduler.roster_published r
                    WHERE NOT EXISTS (SELECT 1 FROM scheduler.patient_organization_affiliations a
                                      WHERE a.patient_id = r.patient_id AND a.organization_id = r.organization_id)
                ), changed AS (
                    SELECT c.* FROM current c
                    LEFT JOIN scheduler.roster_published r
                           ON r.patient_id = c.patient_id AND r.organization_id = c.organization_id
                    WHERE r.patient_id IS NULL OR r.status IS DISTINCT FROM c.status
                       OR r.intakeq_client_id IS DISTINCT FROM c.intakeq_client_id OR r.has_email IS DISTINCT FROM c.has_email
                    ORDER BY c.patient_id, c.organization_id
                    LIMIT $1
                )
                SELECT changed.*, nextval('scheduler.roster_revision') AS revision FROM changed""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<RosterChange> changes = new ArrayList<>(rows.size());
                    rows.forEach(r -> changes.add(new RosterChange(r.getUUID("patient_id"), r.getUUID("organization_id"),
                            r.getString("status"), r.getInteger("intakeq_client_id"), r.getBoolean("has_email"),
                            r.getLong("revision"))));
                    return changes;
                });
    }

    /** Records that these states are on the topic. */
    public Uni<Void> published(SqlConnection conn, List<RosterChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                INSERT INTO scheduler.roster_published (patient_id, organization_id, status, intakeq_client_id, has_email, revision)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (patient_id, organization_id) DO UPDATE SET status = EXCLUDED.status,
                    intakeq_client_id = EXCLUDED.intakeq_client_id, has_email = EXCLUDED.has_email,
                    revision = EXCLUDED.revision, published_at = now()""")
                .executeBatch(changes.stream()
                        .map(c -> Tuple.tuple().addValue(c.patientId()).addValue(c.organizationId()).addValue(c.status())
                                .addValue(c.intakeqClientId()).addValue(c.hasEmail()).addValue(c.revision()))
                        .toList())
                .replaceWithVoid();
    }
}
