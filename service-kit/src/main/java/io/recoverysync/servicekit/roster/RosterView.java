package io.recoverysync.servicekit.roster;

import io.recoverysync.contracts.RosterAffiliation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A service's own copy of the roster, kept from the compacted topic {@code roster.affiliations}: one row per
 * (patient, organization) in {@code <schema>.roster_affiliations}, each at the highest revision seen, so a
 * redelivered or older record changes nothing. The service's Flyway creates the table (same columns everywhere:
 * {@code patient_id, organization_id, status, intakeq_client_id, has_email, revision, changed_at, updated_at}), and
 * {@code <schema>.roster_view_positions} ({@code topic, partition, next_offset, updated_at}): where the view is in
 * the topic, kept in the same transaction as the rows. Reads answer from the copy, so a restart of the roster's
 * owner (sync-scheduler) fails nobody; the view rebuilds itself after a database restore or replacement
 * ({@link RosterViewPositions}).
 */
public class RosterView {
    private static final Logger LOG = Logger.getLogger(RosterView.class);

    private final Pool pool;
    private final String table;
    private final String positions;

    /** @param schema the service's schema holding {@code roster_affiliations} */
    public RosterView(Pool pool, String schema) {
        if (!schema.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        this.pool = pool;
        this.table = schema + ".roster_affiliations";
        this.positions = schema + ".roster_view_positions";
    }

    /** Whether a record can be applied: the fields every reader relies on are present. */
    public static boolean isComplete(RosterAffiliation a) {
        return a != null && a.patientId() != null && a.organizationId() != null && a.status() != null;
    }

    /**
     * Applies the record read from {@code topic}/{@code partition} at {@code offset} and moves the view's stored
     * position of that partition past it, in one transaction: the view and where it is in the topic never disagree,
     * so a database restored or replaced under the service (its view older or empty, while the consumer group's
     * offsets in Kafka are at the end) is caught up from the position it holds ({@link RosterViewPositions} seeks
     * there when the partition is assigned). An incomplete record only moves the position. A database failure is
     * retried until it is stored, so the consumer's next record waits.
     */
    public Uni<Void> consume(RosterAffiliation affiliation, String topic, int partition, long offset) {
        boolean complete = isComplete(affiliation);
        if (!complete) {
            LOG.warn("skipped an unreadable or incomplete roster.affiliations record");
        }
        return pool.withTransaction(tx -> (complete ? apply(tx, affiliation) : Uni.createFrom().item(false))
                        .chain(() -> tx.preparedQuery("INSERT INTO " + positions + " (topic, partition, next_offset)"
                                        + " VALUES ($1, $2, $3) ON CONFLICT (topic, partition) DO UPDATE"
                                        + " SET next_offset = GREATEST(" + positions + ".next_offset, EXCLUDED.next_offset),"
                                        + " updated_at = now()")
                                .execute(Tuple.of(topic, partition, offset + 1))))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .replaceWithVoid();
    }

    /** The view's stored position (the next offset to read) per partition of {@code topic}; empty for a new view. */
    public Uni<java.util.Map<Integer, Long>> positions(String topic) {
        return pool.preparedQuery("SELECT partition, next_offset FROM " + positions + " WHERE topic = $1")
                .execute(Tuple.of(topic))
                .map(rows -> {
                    java.util.Map<Integer, Long> next = new java.util.HashMap<>();
                    rows.forEach(r -> next.put(r.getInteger("partition"), r.getLong("next_offset")));
                    return next;
                });
    }

    /** Keeps {@code affiliation} unless a record of the same or a higher revision is already in. True when applied. */
    public Uni<Boolean> apply(RosterAffiliation a) {
        return apply(pool, a);
    }

    private Uni<Boolean> apply(io.vertx.mutiny.sqlclient.SqlClient client, RosterAffiliation a) {
        return client.preparedQuery("INSERT INTO " + table + " (patient_id, organization_id, status, intakeq_client_id,"
                        + " has_email, revision, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                        + " ON CONFLICT (patient_id, organization_id) DO UPDATE SET status = EXCLUDED.status,"
                        + " intakeq_client_id = EXCLUDED.intakeq_client_id, has_email = EXCLUDED.has_email,"
                        + " revision = EXCLUDED.revision, changed_at = EXCLUDED.changed_at, updated_at = now()"
                        + " WHERE " + table + ".revision < EXCLUDED.revision")
                .execute(Tuple.tuple()
                        .addUUID(a.patientId())
                        .addUUID(a.organizationId())
                        .addString(a.status())
                        .addInteger(a.intakeqClientId())
                        .addBoolean(a.hasEmail())
                        .addLong(a.revision())
                        .addOffsetDateTime(a.changedAt() == null ? null : a.changedAt().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether the patient is an active patient of the organization. */
    public Uni<Boolean> isActiveIn(UUID patientId, UUID organizationId) {
        return pool.preparedQuery("SELECT 1 FROM " + table
                        + " WHERE patient_id = $1 AND organization_id = $2 AND status = '" + RosterAffiliation.ACTIVE + "'")
                .execute(Tuple.of(patientId, organizationId))
                .map(rows -> rows.size() > 0);
    }

    /** Whether the roster has the patient at all (in any organization and status but removed). */
    public Uni<Boolean> isKnown(UUID patientId) {
        return pool.preparedQuery("SELECT 1 FROM " + table + " WHERE patient_id = $1 AND status <> 'removed' LIMIT 1")
                .execute(Tuple.of(patientId))
                .map(rows -> rows.size() > 0);
    }

    /** The organizations the patient is an active patient of, in id order. */
    public Uni<List<UUID>> activeOrganizations(UUID patientId) {
        return pool.preparedQuery("SELECT organization_id FROM " + table
                        + " WHERE patient_id = $1 AND status = '" + RosterAffiliation.ACTIVE + "' ORDER BY organization_id")
                .execute(Tuple.of(patientId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("organization_id")));
                    return ids;
                });
    }
}
