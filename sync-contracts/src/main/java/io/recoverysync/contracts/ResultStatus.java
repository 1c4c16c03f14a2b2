package io.recoverysync.contracts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Outcome of one patient's sync within a run. */
public enum ResultStatus {
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String wire;

    ResultStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
