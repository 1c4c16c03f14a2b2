package io.recoverysync.scheduler.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of {@code calendar_feeds}: who holds a feed of which organization; the URL's secret only as its hash. */
@ApplicationScoped
public class CalendarFeedRepository {
    private static final String COLUMNS = "id, organization_id, owner_subject, owner_role, label, created_at, revoked_at,"
            + " last_fetched_at";

    private final Pool pool;

    public CalendarFeedRepository(Pool pool) {
        this.pool = pool;
    }

    /** A feed as its holder and the organization's admins see it (never its secret). */
    public record Feed(UUID id, UUID organizationId, String ownerSubject, String ownerRole, String label,
            Instant createdAt, Instant revokedAt, Instant lastFetchedAt) {
    }

    public Uni<Feed> create(UUID id, byte[] tokenHash, UUID organizationId, String ownerSubject, String ownerRole,
            String label) {
        return pool.preparedQuery("""
                INSERT INTO scheduler.calendar_feeds (id, token_hash, organization_id, owner_subject, owner_role, label)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(id, Buffer.buffer(tokenHash), organizationId, ownerSubject, ownerRole, label))
                .map(rows -> feed(rows.iterator().next()));
    }

    /** The organization's feeds (only {@code ownerSubject}'s when it is not null), newest first, revoked ones too. */
    public Uni<List<Feed>> list(UUID organizationId, String ownerSubject) {
        return pool.preparedQuery("SELECT " + COLUMNS + """
                 FROM scheduler.calendar_feeds
                WHERE organization_id = $1 AND ($2::text IS NULL OR owner_subject = $2)
                ORDER BY created_at DESC, id LIMIT 500""")
                .execute(Tuple.of(organizationId, ownerSubject))
                .map(rows -> {
                    List<Feed> list = new ArrayList<>();
                    rows.forEach(r -> list.add(feed(r)));
                    return list;
                });
    }

    /** The feed; null when there is none. */
    public Uni<Feed> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM scheduler.calendar_feeds WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : feed(rows.iterator().next()));
    }

    /** Revokes the feed; false when it was already revoked or does not exist. */
    public Uni<Boolean> revoke(UUID id) {
        return pool.preparedQuery("""
                UPDATE scheduler.calendar_feeds SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL""")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The live feed whose secret hashes to {@code tokenHash}, marked as fetched now; null when none. */
    public Uni<Feed> fetch(byte[] tokenHash) {
        return pool.preparedQuery("""
                UPDATE scheduler.calendar_feeds SET last_fetched_at = now()
                WHERE token_hash = $1 AND revoked_at IS NULL RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(Buffer.buffer(tokenHash)))
                .map(rows -> rows.size() == 0 ? null : feed(rows.iterator().next()));
    }

    private static Feed feed(Row r) {
        return new Feed(r.getUUID("id"), r.getUUID("organization_id"), r.getString("owner_subject"),
                r.getString("owner_role"), r.getString("label"), instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("revoked_at")), instant(r.getOffsetDateTime("last_fetched_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
