package io.recoverysync.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * appointment-sync's word that a roster patient without an IntakeQ client id is IntakeQ client
 * {@code intakeqClientId} (resolved from the patient's email by a targeted read: exactly one client carries it and no
 * other roster patient has it), on the compacted topic {@code roster.client-links} keyed by patientId. The roster's
 * owner (sync-scheduler) writes the client id back to a patient that still has none. Ids only: the email that found
 * the client travels nowhere.
 *
 * @param messageId       derived from the patient and the client, so a re-published link is recognisable
 * @param version         schema version, {@link #VERSION}
 * @param patientId       the roster patient
 * @param intakeqClientId the IntakeQ client it is
 * @param resolvedAt      when the link was found
 */
public record ClientLink(UUID messageId, int version, UUID patientId, int intakeqClientId, Instant resolvedAt) {
    public static final int VERSION = 1;

    public static ClientLink of(UUID patientId, int intakeqClientId, Instant resolvedAt) {
        UUID id = UUID.nameUUIDFromBytes(("client-link:" + patientId + "/" + intakeqClientId).getBytes(StandardCharsets.UTF_8));
        return new ClientLink(id, VERSION, patientId, intakeqClientId, resolvedAt);
    }
}
