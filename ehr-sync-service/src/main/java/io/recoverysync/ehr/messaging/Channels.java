package io.recoverysync.ehr.messaging;

/** Reactive-messaging channel names of this service (topics are in {@code io.recoverysync.contracts.Topics}). */
public final class Channels {
    /** In: {@code ehr.notes}, group {@code ehr-sync}. */
    public static final String NOTES = "ehr-notes";
    /** In: {@code sync.commands}, group {@code ehr-sync}; only {@code syncType=ehr} commands are acted on. */
    public static final String COMMANDS = "ehr-commands";
    /** In: {@code roster.affiliations} (compacted), group {@code ehr-sync-roster}: this service's roster view. */
    public static final String ROSTER = "roster-affiliations";
    /** Out: everything this service publishes, via the outbox (topic and key per record). */
    public static final String OUTBOX = "ehr-outbox";
    /** Messages the outbox emitter buffers ahead of the broker's acknowledgements (more than one relay batch). */
    public static final long OUTBOX_BUFFER = 2048;

    private Channels() {
    }
}
