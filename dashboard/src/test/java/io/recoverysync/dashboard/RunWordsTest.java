package io.recoverysync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.SyncLogEntry;
import io.recoverysync.dashboard.service.RunWords;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A refresh said in words: progress, the summary, failures by patient name and reason. */
class RunWordsTest {
    private static final UUID ORG = UUID.randomUUID();
    private static final UUID ADA = UUID.randomUUID();
    private static final List<RosterPage.Patient> ROSTER = List.of(
            new RosterPage.Patient(ADA, ORG, "active", null, false, "Ada", "Lovelace", null));

    private static SyncLogEntry run(String status, Integer expected, int processed, int failed,
            Map<String, SyncLogEntry.PatientError> errors) {
        return new SyncLogEntry(UUID.randomUUID(), "manual_bulk", status, ORG, Instant.now(), null, expected, processed,
                failed, 3, 1, 20, 0, expected == null ? null : processed * 100 / expected, errors);
    }

    @Test
    void aRunningRefreshShowsItsProgress() {
        RunPage page = RunWords.of(run("running", 12, 5, 0, Map.of()), ROSTER);
        assertTrue(page.running());
        assertEquals("5 of 12 patients done", page.progress());
        assertEquals("Starting…", RunWords.of(run("running", null, 0, 0, Map.of()), ROSTER).progress());
    }

    @Test
    void anEndedRefreshSaysWhatItDidAndNamesWhoFailedAndWhy() {
        RunPage page = RunWords.of(run("partial_success", 12, 12, 1,
                Map.of(ADA.toString(), new SyncLogEntry.PatientError("PATIENT_NO_EMAIL", "no email", "appointments"),
                        UUID.randomUUID().toString(), new SyncLogEntry.PatientError("SOMETHING_NEW", null, null))), ROSTER);
        assertFalse(page.running());
        assertEquals("Synced 11 of 12 patients · New 3 · Updated 1 · Unchanged 20", page.headline());
        assertEquals(List.of(
                new RunPage.Failure("A patient no longer on the roster", "Something went wrong; operations can see the details"),
                new RunPage.Failure("Ada Lovelace", "No email and no IntakeQ client on the roster, so IntakeQ cannot be matched")),
                page.failures());
        assertEquals("Synced 12 patients · New 3 · Updated 1 · Unchanged 20",
                RunWords.of(run("completed", 12, 12, 0, null), ROSTER).headline());
    }
}
