package io.recoverysync.appointments.client;

import io.recoverysync.contracts.SyncType;

/**
 * Priority of an IntakeQ request: how far ahead it may reserve a slot of the shared budget. A dashboard refresh
 * of one patient may take any future slot; bulk and nightly work only reserve slots that are nearly due, so a
 * higher lane always finds the next slot free.
 */
public enum Lane {
    PATIENT(Double.MAX_VALUE),
    BULK(2),
    NIGHTLY(1);

    private final double horizonSlots;

    Lane(double horizonSlots) {
        this.horizonSlots = horizonSlots;
    }

    /** How many slot intervals ahead this lane may reserve. */
    public double horizonSlots() {
        return horizonSlots;
    }

    public static Lane of(SyncType type) {
        return switch (type) {
            case MANUAL_PATIENT -> PATIENT;
            case MANUAL_BULK -> BULK;
            default -> NIGHTLY;
        };
    }
}
