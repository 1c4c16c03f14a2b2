package io.recoverysync.synclog.service;

import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.SyncResult;

/**
 * What one new result adds to its run's counters: every result counts as processed, a failed one also as failed;
 * appointment results add their appointment counts, EHR results their note counts (one note when they carry none).
 */
public record CounterDelta(int patientsFailed, int appointmentsNew, int appointmentsUpdated,
        int appointmentsUnchanged, int appointmentsErrors, int ehrNotesSynced, int ehrNotesFailed) {

    /** The delta {@code result} contributes. */
    public static CounterDelta of(SyncResult result) {
        boolean failed = result.status() == ResultStatus.FAILED;
        if (SyncResult.SOURCE_EHR.equals(result.source())) {
            // a result may report several notes of its patient (an hourly EHR run); without counts it is one note
            int synced = result.ehrNotesSynced() != null ? Math.max(0, result.ehrNotesSynced()) : failed ? 0 : 1;
            int notFailed = result.ehrNotesFailed() != null ? Math.max(0, result.ehrNotesFailed()) : failed ? 1 : 0;
            return new CounterDelta(failed ? 1 : 0, 0, 0, 0, 0, synced, notFailed);
        }
        return new CounterDelta(failed ? 1 : 0,
                Math.max(0, result.appointmentsNew()),
                Math.max(0, result.appointmentsUpdated()),
                Math.max(0, result.appointmentsUnchanged()),
                Math.max(0, result.appointmentsErrors()),
                0, 0);
    }
}
