package io.recoverysync.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A signed SOAP note revision waits in ehr-sync-service's queue, on {@link Topics#EHR_NOTES} keyed by patientId. A claim
 * check: ids only, the note text stays in PostgreSQL and travels only in the HTTPS call to EHRbase.
 *
 * @param messageId      unique per emission (the outbox row); a redelivery keeps it
 * @param version        schema version, {@link #VERSION}
 * @param queueId        the {@code ehr.ehrbase_sync_queue} row to post
 * @param noteId         the note
 * @param revision       the signed revision of the note, from 1
 * @param patientId      the patient (also the record key, so one patient's notes stay in order)
 * @param organizationId the patient's organization
 * @param emittedAt      when the event was queued (at signing, or by the safety-net sweep)
 */
public record EhrNoteSigned(UUID messageId, int version, UUID queueId, UUID noteId, int revision, UUID patientId,
        UUID organizationId, Instant emittedAt) {

    public static final int VERSION = 1;
}
