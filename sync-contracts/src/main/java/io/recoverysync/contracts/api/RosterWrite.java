package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * sync-scheduler's roster writes ({@code /api/roster/organizations/{organizationId}/patients[/{patientId}|/import]}):
 * the patient as written ({@link Patient}, JSON or a CSV line with the same columns) and the answer of a write that
 * took ({@link Summary}); a refused one is a {@link Refusal} naming every problem (with its line in an import).
 */
public final class RosterWrite {
    private RosterWrite() {
    }

    /** One patient to add or update: {@code intakeqClientId} optional, {@code status} active (default) or discharged. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patient(String firstName, String lastName, String email, Integer intakeqClientId, String status) {
    }

    /** A write that took: how many patients it added, changed and left as they were. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(int created, int updated, int unchanged, List<UUID> patientIds) {
    }

    /** What a write came to: its summary, or its refusal (exactly one is set). */
    public record Result(Summary summary, Refusal refusal) {
    }

    /** A write that was refused (400 or 422 problem+json): nothing was written; every problem named. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Refusal(int status, String detail, List<Problem> errors) {

        /** One problem: the field, what is wrong with it and, in an import, the file's line (the header is line 1). */
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Problem(Integer line, String field, String message) {
        }
    }
}
