package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A clinician's signed notes as ehr-sync answers {@code GET /api/ehr/soap-notes/mine}: the newest revision of each
 * note the caller signed, newest first, with where it stands on its way to the EHR. No note text.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignedNotes(List<Note> notes) {

    /**
     * One note's newest revision: {@code status} pending, in_progress, completed, failed or superseded;
     * {@code lastError} in words for people (never a class name or an address); {@code failureReason} a
     * {@code ReasonCode} name once it failed for good.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Note(UUID noteId, UUID patientId, int revision, String status, int attempts, String lastError,
            String failureReason, Instant signedAt, Instant queuedAt, Instant nextAttemptAt, Instant completedAt) {
    }
}
