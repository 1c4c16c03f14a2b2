package io.recoverysync.scheduler;

import java.util.UUID;

/** An affiliation's state that the other services have not been told yet, with the revision it goes out under. */
public record RosterChange(UUID patientId, UUID organizationId, String status, Integer intakeqClientId, boolean hasEmail,
        long revision) {
}
