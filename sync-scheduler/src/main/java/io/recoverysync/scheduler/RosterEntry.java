package io.recoverysync.scheduler;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * A patient of an organization as the roster API lists it. Names and email are filled in only for callers of the
 * patient's own organization ({@code null} and left out of the JSON otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RosterEntry(UUID patientId, UUID organizationId, String status, Integer intakeqClientId, boolean hasEmail,
        String firstName, String lastName, String email) {

    /** The entry without names and email. */
    public RosterEntry withoutPhi() {
        return new RosterEntry(patientId, organizationId, status, intakeqClientId, hasEmail, null, null, null);
    }
}
