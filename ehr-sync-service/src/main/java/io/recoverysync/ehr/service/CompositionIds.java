package io.recoverysync.ehr.service;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic openEHR identifiers, so that a retry, a second worker or a second replica names the same object:
 * one versioned composition per note (its revisions are the versions), one EHR id per patient.
 */
public final class CompositionIds {
    private CompositionIds() {
    }

    /** The versioned object uid of a note's composition; the same for every revision of the note. */
    public static UUID versionedObjectUid(UUID noteId) {
        return UUID.nameUUIDFromBytes(("note:" + noteId).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code <uuid>::<system id>::<version>}. */
    public static String versionUid(UUID versionedObjectUid, String systemId, int version) {
        return versionedObjectUid + "::" + systemId + "::" + version;
    }

    /** The EHR id this service creates for a patient (PUT /ehr/{id}), so concurrent creators collide on one id. */
    public static UUID ehrId(String subjectNamespace, UUID patientId) {
        return UUID.nameUUIDFromBytes(("ehr:" + subjectNamespace + ":" + patientId).getBytes(StandardCharsets.UTF_8));
    }
}
