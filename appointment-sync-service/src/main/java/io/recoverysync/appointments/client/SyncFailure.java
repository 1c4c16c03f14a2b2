package io.recoverysync.appointments.client;

import io.recoverysync.contracts.ReasonCode;

/** A patient's sync cannot go on; carries the reason code the run reports and a detail without PHI. */
public class SyncFailure extends RuntimeException {
    private final ReasonCode reason;

    public SyncFailure(ReasonCode reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }
}
