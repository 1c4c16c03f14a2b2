package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A calendar feed as sync-scheduler lists it ({@code GET /api/calendar/feeds}): no secret, only when it was made,
 * revoked and last read by a calendar app. {@code url} is set once, in the answer that made the feed
 * ({@code POST /api/calendar/feeds}); it is the feed's only credential.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CalendarFeed(UUID id, UUID organizationId, String label, Instant createdAt, Instant revokedAt,
        Instant lastFetchedAt, String url) {

    public boolean live() {
        return revokedAt == null;
    }
}
