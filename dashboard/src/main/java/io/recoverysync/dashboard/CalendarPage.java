package io.recoverysync.dashboard;

import java.util.List;

/**
 * A case manager's calendar feeds: each one's label, when it was made and last read by a calendar app, and whether it
 * still works; {@code newFeedUrl} is the secret address of a feed just made, shown this once.
 */
public record CalendarPage(String timeZone, List<Feed> feeds, String newFeedUrl, String newFeedLabel, String error) {

    /** One feed; {@code revoked} is when it stopped working, null while it works. */
    public record Feed(String id, String label, String created, String lastRead, String revoked) {
    }
}
