package io.recoverysync.ehr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.ehr.repository.QueuedNote;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An hourly EHR run reports each patient once, counting the patient's notes. */
class RunReporterTest {
    private static final UUID ORG = UUID.randomUUID();
    private static final UUID PATIENT = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static QueuedNote note(String status, Integer httpStatus, String reason, int minutes) {
        return new QueuedNote(UUID.randomUUID(), UUID.randomUUID(), 1, PATIENT, ORG, T0, null, "Dr A", null, null, null,
                null, "hash", status, 1, 0, null, null, httpStatus, reason, null, null, T0,
                T0.plusSeconds(60L * minutes), QueuedNote.COMPLETED.equals(status) ? T0.plusSeconds(60L * minutes) : null);
    }

    @Test
    void onePatientsNotesAreOneResultThatCountsThem() {
        UUID run = UUID.randomUUID();
        SyncResult r = RunReporter.result(run, List.of(note(QueuedNote.COMPLETED, 204, null, 1),
                note(QueuedNote.FAILED, 422, ReasonCode.EHRBASE_REJECTED.name(), 5),
                note(QueuedNote.COMPLETED, 204, null, 3)));
        assertEquals(ResultStatus.FAILED, r.status());
        assertEquals(ReasonCode.EHRBASE_REJECTED, r.reasonCode());
        assertEquals(2, r.ehrNotesSynced());
        assertEquals(1, r.ehrNotesFailed());
        assertEquals("2 note(s) stored, 1 failed (last HTTP 422)", r.detail());
        assertEquals(T0.plusSeconds(300), r.completedAt());
        assertEquals(SyncResult.SOURCE_EHR, r.source());
        assertEquals(run, r.runId());
        assertFalse(r.detail().contains("Dr A"));

        SyncResult ok = RunReporter.result(run, List.of(note(QueuedNote.COMPLETED, 204, null, 1)));
        assertEquals(ResultStatus.SUCCEEDED, ok.status());
        assertEquals(1, ok.ehrNotesSynced());
        assertEquals(0, ok.ehrNotesFailed());
    }
}
