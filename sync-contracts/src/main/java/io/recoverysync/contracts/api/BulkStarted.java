package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * sync-scheduler's answer to {@code POST /api/partner-dashboard/patients/sync-all} (202): the run started, how many
 * patients it refreshes, and what the shared IntakeQ budget allows ({@code quota}, when it could be read).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkStarted(UUID syncLogId, UUID organizationId, int patientCount, Quota quota) {

    /** The IntakeQ budget's estimate for the run; {@code note} says it in words. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Quota(int requestsNeeded, Integer remainingToday, int requestsPerMinute, Instant estimatedFinishAt,
            boolean fitsInDailyBudget, String note) {
    }
}
