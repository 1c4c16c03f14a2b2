package io.recoverysync.appointments;

import io.recoverysync.contracts.ReasonCode;
import java.util.UUID;

/**
 * Which IntakeQ client a roster patient's appointments belong to, as this service can tell: the client id from the
 * roster view, else one resolved from the patient's email; or why it cannot tell.
 *
 * @param active   whether the patient is an active patient of any organization
 * @param clientId the IntakeQ client, null when unknown
 * @param hasEmail whether the roster holds an email (a targeted read by email can resolve the client)
 * @param problem  why the patient's appointments cannot be assigned (AMBIGUOUS_CLIENT, PATIENT_NO_EMAIL), or null
 */
public record PatientClient(UUID patientId, boolean active, Integer clientId, boolean hasEmail, ReasonCode problem) {
}
