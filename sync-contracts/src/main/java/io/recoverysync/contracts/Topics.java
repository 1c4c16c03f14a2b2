package io.recoverysync.contracts;

/** Kafka topic names shared by producers, consumers and tests; the only place they are spelled out. */
public final class Topics {
    /** {@link RunStarted}, key = runId. */
    public static final String SYNC_RUNS = "sync.runs";
    /** {@link SyncCommand} of nightly and EHR runs (the lowest lane), key = patientId. */
    public static final String SYNC_COMMANDS = "sync.commands";
    /** {@link SyncCommand} of dashboard bulk refreshes, key = patientId. */
    public static final String SYNC_COMMANDS_BULK = "sync.commands.bulk";
    /** {@link SyncCommand} of single-patient refreshes (the highest lane), key = patientId. */
    public static final String SYNC_COMMANDS_PATIENT = "sync.commands.patient";
    /** {@link RunEnded}, key = runId: the log service's word that a run is over. */
    public static final String SYNC_RUNS_ENDED = "sync.runs.ended";
    /** {@link SyncResult}, key = runId. */
    public static final String SYNC_RESULTS = "sync.results";
    /** {@link EhrNoteSigned}, key = patientId: a signed note waits in ehr-sync-service's queue. */
    public static final String EHR_NOTES = "ehr.notes";
    /**
     * {@link RosterAffiliation}, key = {@code patientId/organizationId}; compacted, so the latest record of every
     * key is the roster every service keeps a view of.
     */
    public static final String ROSTER_AFFILIATIONS = "roster.affiliations";
    /**
     * {@link ClientLink}, key = patientId; compacted: the IntakeQ client appointment-sync found for a roster patient
     * without one, for the scheduler to write back to the roster.
     */
    public static final String ROSTER_CLIENT_LINKS = "roster.client-links";
    /**
     * {@link AppointmentsChanged}, key = patientId: what a case manager sees of a patient's appointments changed
     * (ids and field names only), for the dashboard's live view and the notifications.
     */
    public static final String APPOINTMENTS_CHANGED = "appointments.changed";
    /** Dead letters of {@code sync.commands}. */
    public static final String SYNC_COMMANDS_DLQ = "sync.commands.dlq";
    /** Dead letters of {@code sync.results}. */
    public static final String SYNC_RESULTS_DLQ = "sync.results.dlq";
    /** Dead letters of {@code sync.runs}. */
    public static final String SYNC_RUNS_DLQ = "sync.runs.dlq";
    /** Dead letters of {@code ehr.notes} (unreadable note events; the queue row itself is never lost). */
    public static final String EHR_NOTES_DLQ = "ehr.notes.dlq";

    private Topics() {
    }

    /** The lane topic a command of this run type is published to, so urgent work never queues behind bulk work. */
    public static String commandsFor(SyncType type) {
        return switch (type) {
            case MANUAL_PATIENT -> SYNC_COMMANDS_PATIENT;
            case MANUAL_BULK -> SYNC_COMMANDS_BULK;
            default -> SYNC_COMMANDS;
        };
    }
}
