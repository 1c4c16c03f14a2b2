package io.recoverysync.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * One patient's affiliation with one organization, as the roster's owner (sync-scheduler) last recorded it, on the
 * compacted topic {@code roster.affiliations} keyed by {@link #key(UUID, UUID)}: the latest record of every key is
 * the roster. Ids only: names and emails stay in the scheduler's schema; a worker that needs an email for a
 * targeted IntakeQ read asks the scheduler over authenticated HTTP ({@link RosterPatient}).
 *
 * @param messageId       derived from the key and revision, so a re-published record is recognisable
 * @param version         schema version, {@link #VERSION}
 * @param patientId       the patient
 * @param organizationId  the organization
 * @param status          {@code active}, {@code inactive} or {@code discharged}
 * @param intakeqClientId the patient's IntakeQ client number, null while unknown
 * @param hasEmail        whether the roster holds an email for the patient (a targeted read by email is possible)
 * @param revision        increases with every change of this key; a consumer keeps the highest it has seen
 * @param changedAt       when the scheduler published this state
 */
public record RosterAffiliation(UUID messageId, int version, UUID patientId, UUID organizationId, String status,
        Integer intakeqClientId, boolean hasEmail, long revision, Instant changedAt) {

    public static final int VERSION = 1;
    public static final String ACTIVE = "active";

    /** The record key: one per (patient, organization), so compaction keeps the latest state of each pair. */
    public static String key(UUID patientId, UUID organizationId) {
        return patientId + "/" + organizationId;
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
