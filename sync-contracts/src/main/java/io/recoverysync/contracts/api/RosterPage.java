package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.UUID;

/**
 * One page of an organization's patients as sync-scheduler's roster API answers
 * {@code GET /api/roster/organizations/{organizationId}/patients}: names and email only to the organization's own
 * users (null otherwise).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RosterPage(UUID organizationId, long total, int offset, int limit, List<Patient> patients) {

    /** A patient of the organization. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Patient(UUID patientId, UUID organizationId, String status, Integer intakeqClientId, boolean hasEmail,
            String firstName, String lastName, String email) {
    }
}
