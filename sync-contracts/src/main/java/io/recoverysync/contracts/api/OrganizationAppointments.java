package io.recoverysync.contracts.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An organization's appointments of a time range with their recent changes: appointment-sync's answer to
 * {@code GET /api/organizations/{organizationId}/appointments}, read by the dashboard's day view. Ids, times,
 * statuses, providers, places and links only; the dashboard adds the patients' names from the roster.
 *
 * @param organizationId the organization
 * @param from           the range's start (inclusive)
 * @param to             the range's end (exclusive)
 * @param changesSince   changes at or after this instant are listed with each appointment
 * @param appointments   the active patients' appointments starting in the range (and those moved out of it since
 *                       {@code changesSince}), by start
 * @param unread         the active patients whose newest IntakeQ read failed (what is shown of them may be stale or
 *                       missing: not "nothing scheduled")
 */
public record OrganizationAppointments(UUID organizationId, Instant from, Instant to, Instant changesSince,
        List<Appointment> appointments, List<Unread> unread) {

    /** A patient whose newest read failed: why ({@code ReasonCode} name) and when. */
    public record Unread(UUID patientId, String reasonCode, Instant failedAt) {
    }

    /** One appointment as a case manager sees it, with what changed in it since {@code changesSince}, oldest first. */
    public record Appointment(UUID patientId, String intakeqAppointmentId, String status, Instant startAt, Instant endAt,
            Integer durationMinutes, String providerName, String serviceName, String locationName, String telehealthUrl,
            Instant lastChangedAt, List<Change> changes) {
    }

    /**
     * One field's change: {@code field} as {@code io.recoverysync.contracts.AppointmentField} names it, the values
     * before and after as text (a start as an ISO-8601 instant, a duration in minutes, a provider by its display
     * name where one is mapped), and what brought it ({@code nightly}, {@code refresh}, {@code webhook}).
     */
    public record Change(String field, String before, String after, Instant changedAt, String source) {
    }
}
