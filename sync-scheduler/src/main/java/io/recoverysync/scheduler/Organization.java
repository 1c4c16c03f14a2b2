package io.recoverysync.scheduler;

import java.util.UUID;

/**
 * A recovery center: its id, name, the IANA time zone its case managers see times in, and whether its calendar
 * feeds show patients' full names (off: initials only, since calendar apps keep what they fetch).
 */
public record Organization(UUID id, String name, String timeZone, boolean calendarFullNames) {
}
