package io.recoverysync.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * Asks the sync services to refresh one patient, on {@code sync.commands} keyed by patientId.
 * Carries ids only: a worker that needs contact data asks the roster's owner over authenticated HTTP.
 *
 * @param messageId      unique per command; a redelivered command keeps it
 * @param version        schema version, {@link #VERSION}
 * @param runId          the run this command belongs to
 * @param syncType       what started the run
 * @param organizationId the patient's organization in this run
 * @param patientId      the patient
 * @param issuedAt       when the scheduler published it
 */
public record SyncCommand(UUID messageId, int version, UUID runId, SyncType syncType, UUID organizationId,
        UUID patientId, Instant issuedAt) {

    public static final int VERSION = 1;
}
