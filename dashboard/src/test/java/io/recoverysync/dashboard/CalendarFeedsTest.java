package io.recoverysync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.recoverysync.contracts.api.CalendarFeed;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.dashboard.service.CalendarFeeds;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The calendar page's feeds: working ones first, newest first, in the organization's zone; a new one's address once. */
class CalendarFeedsTest {
    private static final UUID ORG = UUID.randomUUID();
    private static final RosterOrganization SUMMIT = new RosterOrganization(ORG, "Summit", "America/Denver", false);

    private static CalendarFeed feed(String label, String created, String revoked, String read, String url) {
        return new CalendarFeed(UUID.randomUUID(), ORG, label, Instant.parse(created),
                revoked == null ? null : Instant.parse(revoked), read == null ? null : Instant.parse(read), url);
    }

    @Test
    void workingFeedsComeFirstNewestFirstInTheOrganizationsZone() {
        CalendarFeed old = feed("Phone", "2026-11-01T17:00:00Z", null, "2026-12-07T15:30:00Z", null);
        CalendarFeed revoked = feed(null, "2026-12-01T17:00:00Z", "2026-12-02T17:00:00Z", null, null);
        CalendarFeed recent = feed("Front desk", "2026-12-05T17:00:00Z", null, null, null);
        CalendarPage page = CalendarFeeds.page(SUMMIT, List.of(old, revoked, recent), null, null);
        assertEquals(List.of("Front desk", "Phone", "Calendar feed"), page.feeds().stream().map(CalendarPage.Feed::label).toList());
        CalendarPage.Feed phone = page.feeds().get(1);
        assertEquals("Sun 1 Nov 2026 10:00 AM", phone.created());
        assertEquals("Mon 7 Dec 2026 8:30 AM", phone.lastRead());
        assertNull(phone.revoked());
        assertEquals("Not yet", page.feeds().get(0).lastRead());
        assertEquals("Wed 2 Dec 2026 10:00 AM", page.feeds().get(2).revoked());
        assertNull(page.newFeedUrl());
    }

    @Test
    void aNewFeedsAddressIsOnThePageItWasMadeFor() {
        CalendarFeed made = feed(null, "2026-12-05T17:00:00Z", null, null, "https://sync.example.org/api/calendar/s3cret/appointments.ics");
        CalendarPage page = CalendarFeeds.page(SUMMIT, List.of(made), made, null);
        assertEquals("https://sync.example.org/api/calendar/s3cret/appointments.ics", page.newFeedUrl());
        assertEquals("Calendar feed", page.newFeedLabel());
    }
}
