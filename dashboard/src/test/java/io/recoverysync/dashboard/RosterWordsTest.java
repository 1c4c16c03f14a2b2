package io.recoverysync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.RosterWrite;
import io.recoverysync.dashboard.service.RosterWords;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The roster page in words: patients by name, a write's outcome, a refusal's every problem by line and field. */
class RosterWordsTest {
    private static final UUID ORG = UUID.randomUUID();

    @Test
    void patientsAreListedByLastNameWithTheirStatusInWords() {
        RosterPage.Patient zed = new RosterPage.Patient(UUID.randomUUID(), ORG, "active", 12, true, "Zoe", "Zed", "z@example.org");
        RosterPage.Patient abe = new RosterPage.Patient(UUID.randomUUID(), ORG, "discharged", null, false, "Abe", "Able", null);
        RosterPageView page = RosterWords.page("Summit", "all", List.of(zed, abe), null, null, null);
        assertEquals(List.of("Abe Able", "Zoe Zed"), page.rows().stream().map(RosterPageView.Row::name).toList());
        assertEquals("Discharged", page.rows().get(0).status());
        assertFalse(page.rows().get(0).active());
        assertEquals("", page.rows().get(0).email());
        assertEquals("12", page.rows().get(1).intakeqClientId());
        assertTrue(page.filters().stream().filter(RosterPageView.StatusFilter::current).map(RosterPageView.StatusFilter::wire)
                .toList().equals(List.of("all")));
        assertEquals(RosterPageView.PatientForm.EMPTY, page.form());
    }

    @Test
    void anUnknownStatusFilterIsTheActivePatients() {
        assertEquals("active", RosterWords.status("everyone'); drop"));
        assertEquals("discharged", RosterWords.status("discharged"));
        assertEquals("active", RosterWords.status(null));
    }

    @Test
    void aRefusalNamesEveryProblemByLineAndFieldInWords() {
        RosterWrite.Refusal refusal = new RosterWrite.Refusal(422, "nothing was written", List.of(
                new RosterWrite.Refusal.Problem(4, "email", "must be an email address"),
                new RosterWrite.Refusal.Problem(3, "lastName", "is required"),
                new RosterWrite.Refusal.Problem(null, "header", "a header line naming the columns is required")));
        assertEquals(List.of("Header line: a header line naming the columns is required",
                "Line 3 · Last name: is required", "Line 4 · Email: must be an email address"), RosterWords.problems(refusal));
        assertEquals(List.of("nothing was written"), RosterWords.problems(new RosterWrite.Refusal(422, "nothing was written", List.of())));
        assertEquals("Imported: 2 added · 1 updated · 0 unchanged",
                RosterWords.outcome("Imported", new RosterWrite.Summary(2, 1, 0, List.of())));
    }
}
