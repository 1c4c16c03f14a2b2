package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.api.CalendarFeed;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.dashboard.CalendarPage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The calendar page's feeds in words: working ones first, newest first, times in the organization's zone. */
public final class CalendarFeeds {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy h:mm a", Locale.US);

    private CalendarFeeds() {
    }

    public static CalendarPage page(RosterOrganization organization, List<CalendarFeed> feeds, CalendarFeed created,
            String error) {
        ZoneId zone = ZoneId.of(organization.timeZone());
        List<CalendarPage.Feed> rows = feeds.stream()
                .sorted(Comparator.comparing((CalendarFeed f) -> !f.live())
                        .thenComparing(CalendarFeed::createdAt, Comparator.reverseOrder()))
                .map(f -> new CalendarPage.Feed(f.id().toString(), f.label() == null ? "Calendar feed" : f.label(),
                        when(f.createdAt(), zone), f.lastFetchedAt() == null ? "Not yet" : when(f.lastFetchedAt(), zone),
                        f.live() ? null : when(f.revokedAt(), zone)))
                .toList();
        return new CalendarPage(zone.getId(), rows, created == null ? null : created.url(),
                created == null || created.label() == null ? "Calendar feed" : created.label(), error);
    }

    private static String when(Instant instant, ZoneId zone) {
        return WHEN.format(instant.atZone(zone));
    }
}
