package io.recoverysync.contracts;

/** Why a patient's sync failed; stored in {@code sync_logs.metadata} and shown to case managers. */
public enum ReasonCode {
    /** The roster has neither an IntakeQ client id nor an email for the patient, so IntakeQ cannot be matched. */
    PATIENT_NO_EMAIL,
    /**
     * The patient's IntakeQ client cannot be told apart: another active roster patient has the same client id, or
     * the patient's email matches several IntakeQ clients or another roster patient; no appointments are assigned.
     */
    AMBIGUOUS_CLIENT,
    /** The patient is not (or no longer) in the roster. */
    PATIENT_NOT_FOUND,
    /** An appointment's practitioner has no row in {@code provider_intakeq_settings}. */
    UNKNOWN_PRACTITIONER,
    /** IntakeQ rejected the API key (401/403). */
    INTAKEQ_UNAUTHORIZED,
    /** IntakeQ kept answering 429 past the retry budget. */
    INTAKEQ_RATE_LIMITED,
    /** The shared daily IntakeQ budget was spent before this patient's turn; the next run picks the patient up. */
    QUOTA_EXHAUSTED,
    /** The command could not be handled and went to the dead-letter topic. */
    DEAD_LETTERED,
    /** IntakeQ was unreachable, timed out or answered 5xx past the retry budget. */
    INTAKEQ_UNAVAILABLE,
    /** IntakeQ answered with a body that could not be read as appointments. */
    INTAKEQ_BAD_RESPONSE,
    /** EHRbase refused a note (400/422 and other non-retryable answers); the detail names the HTTP status. */
    EHRBASE_REJECTED,
    /** EHRbase rejected the configured credentials (401/403). */
    EHRBASE_UNAUTHORIZED,
    /** EHRbase was unreachable, timed out or answered 5xx past the retry budget. */
    EHRBASE_UNAVAILABLE,
    /**
     * EHRbase refused the composition's id because ehr-sync is configured for another EHRbase (EHRBASE_SYSTEM_ID is
     * not EHRbase's node name): a configuration error; the notes are re-driven once it is fixed.
     */
    EHRBASE_MISCONFIGURED,
    /** The roster service could not be reached. */
    ROSTER_UNAVAILABLE,
    /** Anything else; details are in the service log under the run and patient ids. */
    INTERNAL_ERROR
}
