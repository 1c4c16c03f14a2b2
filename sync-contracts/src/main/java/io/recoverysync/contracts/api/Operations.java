package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What operators read and do through the services' ops endpoints (the dashboard's operations page): the practice
 * mirror ({@code GET /internal/mirror}), the IntakeQ budget ({@code GET /internal/quota}), provider mappings
 * ({@code /internal/provider-mappings[/unmapped|/import]}), discovery ({@code GET /internal/discovery/clients}) and the
 * dead-letter replay ({@code POST /internal/dlq/sync-commands/replay}) of appointment-sync; the EHR queue
 * ({@code GET /api/ehr/queue}) and its re-drive ({@code POST /internal/ehr/notes/redrive}) of ehr-sync.
 */
public final class Operations {
    private Operations() {
    }

    /** The practice mirror: its last reads, a read going on, the last failure; commands and webhooks waiting. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mirror(MirrorState state, long pendingCommands, long pendingWebhooks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MirrorState(Instant lastReadStartedAt, Instant lastReadCompletedAt, String lastReadKind,
            Integer lastReadRequests, Instant lastFullStartedAt, Integer lastFullRequests, String readingKind,
            Instant readingStartedAt, String lastFailureReason, Instant lastFailureStartedAt) {
    }

    /** The IntakeQ account's budget now. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Quota(int requestsPerMinute, Integer requestsPerDay, int usedToday, Integer remainingToday,
            Instant nextSlotAt, Instant pausedUntil, long rateLimitedResponses) {
    }

    /** An IntakeQ practitioner mapped to the clinic's provider. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProviderMapping(String intakeqPractitionerId, UUID providerId, String practitionerEmail,
            String displayName) {
    }

    /** A practitioner the mirror's appointments carry without a mapping, and how many appointments that affects. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Unmapped(String intakeqPractitionerId, long appointments) {
    }

    /** IntakeQ clients with appointments in the window on no active roster, and the import row each would be. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Discovery(long total, int offset, int limit, Instant lastFullReadAt, Instant lastReadAt,
            List<DiscoveredClient> clients) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DiscoveredClient(int intakeqClientId, String name, String email, long appointments,
            Instant nextAppointmentAt, PatientRow patient) {
    }

    /** A discovered client as a roster row (the name split at its last space). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PatientRow(String firstName, String lastName, String email, Integer intakeqClientId) {
    }

    /** Practitioners read from IntakeQ, how many were mapped now (added) and how many already were. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImportedPractitioners(int practitioners, int added, int alreadyMapped) {
    }

    /** Dead-lettered sync commands put back on their topic. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Replayed(int replayed, int skippedUnreadable) {
    }

    /** Failed notes queued again. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Redriven(int redriven) {
    }
}
