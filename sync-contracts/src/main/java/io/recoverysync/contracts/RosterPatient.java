package io.recoverysync.contracts;

import java.util.UUID;

/**
 * What a sync worker needs to look a patient up in IntakeQ, served by sync-scheduler (the roster's owner) at
 * {@code GET /internal/roster/patients/{patientId}} with {@code Authorization: Bearer <INTERNAL_API_TOKEN>}.
 * This carries PHI (email), so it travels only over that authenticated HTTP call, never on Kafka.
 *
 * @param patientId       the patient
 * @param organizationId  one organization the patient is actively affiliated with
 * @param intakeqClientId the IntakeQ client number, null when unknown
 * @param email           the patient's email as registered in IntakeQ, null when missing
 * @param active          whether the patient has an active affiliation
 * @param emailShared     whether another active patient of the roster has the same email (it then identifies
 *                        neither of them in IntakeQ)
 */
public record RosterPatient(UUID patientId, UUID organizationId, Integer intakeqClientId, String email,
        boolean active, boolean emailShared) {

    /** Path template of the roster lookup. */
    public static final String PATH = "/internal/roster/patients/{patientId}";
}
