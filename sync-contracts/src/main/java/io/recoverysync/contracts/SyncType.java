package io.recoverysync.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What started a run; stored verbatim in {@code sync_logs.sync_type}. */
public enum SyncType {
    AUTOMATED_DAILY("automated_daily"),
    MANUAL_BULK("manual_bulk"),
    MANUAL_PATIENT("manual_patient"),
    EHR("ehr");

    private final String wire;

    SyncType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static SyncType fromWire(String value) {
        for (SyncType t : values()) {
            if (t.wire.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown sync type: " + value);
    }
}
