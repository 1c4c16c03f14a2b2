package io.recoverysync.synclog.service;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** Where a run stands; stored verbatim in {@code sync_logs.status}. */
public enum RunStatus {
    RUNNING("running"),
    COMPLETED("completed"),
    PARTIAL_SUCCESS("partial_success"),
    FAILED("failed"),
    TIMED_OUT("timed_out");

    private final String wire;

    RunStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The status spelled {@code value}, empty when there is none. */
    public static Optional<RunStatus> fromWire(String value) {
        for (RunStatus s : values()) {
            if (s.wire.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
