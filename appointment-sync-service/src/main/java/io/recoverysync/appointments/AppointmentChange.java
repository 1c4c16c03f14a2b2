package io.recoverysync.appointments;

import io.recoverysync.contracts.AppointmentField;

/**
 * One change of what a case manager sees of an appointment: the field and its values before and after, as text (a
 * start as an ISO-8601 instant, a duration in minutes, a provider as its IntakeQ practitioner id).
 */
public record AppointmentChange(String intakeqAppointmentId, AppointmentField field, String before, String after) {
}
