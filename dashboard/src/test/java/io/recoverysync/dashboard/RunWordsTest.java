package io.recoverysync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.SyncLogEntry;
import io.recoverysync.dashboard.service.RunWords;
import io.recoverysync.contracts.api.RosterOrganization;
import java.time.Instant;
import java.time.ZoneId;
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
    void eachKindOfRunIsTitledInWords() {
        assertEquals("Nightly sync", RunWords.title("automated_daily"));
        assertEquals("Refresh all appointments", RunWords.of(run("completed", 12, 12, 0, null), ROSTER).title());
        assertEquals("Refresh of one patient", RunWords.title("manual_patient"));
    }

    @Test
    void theHistoryListsAppointmentRunsInTheOrganizationsZoneWithoutTheEhrOnes() {
        RosterOrganization org = new RosterOrganization(ORG, "Summit", "America/Denver", false);
        SyncLogEntry nightly = new SyncLogEntry(UUID.randomUUID(), "automated_daily", "partial_success", ORG,
                Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-07T10:01:00Z"), 12, 12, 2, 0, 1, 30, 0,
                100, null);
        SyncLogEntry ehr = new SyncLogEntry(UUID.randomUUID(), "ehr", "completed", ORG, Instant.now(), null, 1, 1, 0, 0,
                0, 0, 0, 100, null);
        HistoryPage page = RunWords.history(org, List.of(run("running", 12, 5, 0, null), nightly, ehr));
        assertEquals(2, page.runs().size());
        assertEquals("Running: 5 of 12 patients done", page.runs().get(0).result());
        HistoryPage.Run night = page.runs().get(1);
        assertEquals("Mon 7 Dec 2026 3:00 AM", night.when());
        assertEquals("Nightly sync", night.title());
        assertEquals("Synced 10 of 12 patients · New 0 · Updated 1 · Unchanged 30", night.result());
        assertEquals(2, night.failed());
    }

    @Test
    void theBudgetIsSaidInWords() {
        ZoneId denver = ZoneId.of("America/Denver");
        assertEquals("Today's IntakeQ budget covers this refresh (12 requests at IntakeQ's 10 a minute); done by about"
                        + " 3:02 AM.",
                RunWords.budget(12, 400, 10, Instant.parse("2026-12-07T10:02:00Z"), true, denver));
        assertEquals("Today's IntakeQ budget has 5 of the 12 requests this refresh needs: patients it cannot read today"
                + " are refreshed by the next nightly sync.", RunWords.budget(12, 5, 10, null, false, denver));
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
