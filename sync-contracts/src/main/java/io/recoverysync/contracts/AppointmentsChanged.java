package io.recoverysync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * appointment-sync's word that what a case manager sees of a patient's appointments changed, on
 * {@code appointments.changed} keyed by patientId: which appointments and which fields, never their values or a
 * name. Written in the transaction that made the change (an outbox), so it is published at least once; a consumer
 * keeps {@code messageId} to recognise a repeat.
 *
 * @param messageId       unique per change set
 * @param version         schema version, {@link #VERSION}
 * @param patientId       the patient whose appointments changed
 * @param organizationIds the organizations the patient is an active patient of when the change was made
 * @param appointments    each changed appointment with the fields that changed ({@link AppointmentField})
 * @param source          what brought the change: {@code nightly}, {@code refresh} or {@code webhook}
 * @param runId           the run whose command made the change; null for a webhook
 * @param changedAt       when the change was stored
 */
public record AppointmentsChanged(UUID messageId, int version, UUID patientId, List<UUID> organizationIds,
        List<Changed> appointments, String source, UUID runId, Instant changedAt) {

    public static final int VERSION = 1;

    /** One appointment and the names of its fields that changed. */
    public record Changed(String intakeqAppointmentId, List<String> fields) {
    }
}
