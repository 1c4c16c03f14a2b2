package io.recoverysync.appointments;

import io.recoverysync.contracts.SyncType;

/** What brought a change of an appointment: a nightly run, a refresh from the dashboard, or an IntakeQ webhook. */
public enum ChangeSource {
    NIGHTLY("nightly"),
    REFRESH("refresh"),
    WEBHOOK("webhook");

    private final String wire;

    ChangeSource(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The source of a command of this run type. */
    public static ChangeSource of(SyncType type) {
        return type == SyncType.AUTOMATED_DAILY ? NIGHTLY : REFRESH;
    }
}
