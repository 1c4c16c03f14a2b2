package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.RosterOrganization;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Organizations' names and time zones, kept a minute: every page needs its user's organization first (the day view's
 * range is in its zone), and they change rarely. Keyed by the organization id of the user's own token, which is what
 * the scheduler answers that user for; nothing of a patient is kept.
 */
@ApplicationScoped
public class OrganizationCache {
    static final Duration KEEP = Duration.ofMinutes(1);
    private static final int MAX = 10_000;

    private record Entry(RosterOrganization organization, Instant until) {
    }

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** The organization if it was read less than a minute ago; else null. */
    RosterOrganization get(UUID id) {
        Entry e = entries.get(id);
        return e == null || e.until().isBefore(clock.instant()) ? null : e.organization();
    }

    void put(RosterOrganization organization) {
        if (entries.size() >= MAX) {
            entries.clear();
        }
        entries.put(organization.id(), new Entry(organization, clock.instant().plus(KEEP)));
    }
}
