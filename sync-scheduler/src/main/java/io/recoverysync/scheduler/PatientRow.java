package io.recoverysync.scheduler;

import java.util.UUID;

/**
 * One patient as the roster API takes it (a request body, or one row of an import): who the patient is in IntakeQ
 * (client id and/or email) and the affiliation's status with the organization. Names and email are PHI and stay in
 * the scheduler's schema.
 *
 * @param line            the row's line in an import (1 for a single patient), for error messages
 * @param id              the patient's id; null lets the roster find the patient by IntakeQ client id or email, or
 *                        derive a stable new id from them (so importing the same file twice changes nothing)
 * @param status          {@code active} (default), {@code inactive} or {@code discharged}
 */
public record PatientRow(int line, UUID id, String firstName, String lastName, String email, Integer intakeqClientId,
        String status) {
}
