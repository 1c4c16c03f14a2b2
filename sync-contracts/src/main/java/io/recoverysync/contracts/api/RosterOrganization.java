package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * A recovery center as sync-scheduler's roster API answers {@code GET /api/roster/organizations}: its name, the IANA
 * time zone its case managers see times in, and whether calendars may show full names.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RosterOrganization(UUID id, String name, String timeZone, boolean calendarFullNames) {
}
