package io.recoverysync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.OrganizationAppointments.Appointment;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.dashboard.PatientsPage.Filter;
import io.recoverysync.dashboard.service.PatientList;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The patient list's filters, search and CSV. */
class PatientListTest {
    private static final UUID ORG = UUID.randomUUID();
    private static final RosterOrganization SUMMIT = new RosterOrganization(ORG, "Summit", "America/Denver", false);
    private static final Instant NOW = Instant.parse("2026-12-07T17:00:00Z");
    private static final UUID ADA = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();
    private static final UUID CY = UUID.randomUUID();
    private static final List<RosterPage.Patient> ROSTER = List.of(
            patient(ADA, "Ada", "Lovelace"), patient(BOB, "=cmd|' /C calc'!A0", "Babbage, Jr."), patient(CY, "Cy", "Young"));

    private static RosterPage.Patient patient(UUID id, String first, String last) {
        return new RosterPage.Patient(id, ORG, "active", null, true, first, last, null);
    }

    private static Appointment appointment(UUID patient, String status, Instant start, String link) {
        return new Appointment(patient, UUID.randomUUID().toString(), status, start, start.plusSeconds(3000), 50,
                "Mara Quinn", "Therapy", "Office", link, start, List.of());
    }

    private final OrganizationAppointments appointments = new OrganizationAppointments(ORG, NOW, NOW, NOW, List.of(
            appointment(ADA, "Confirmed", NOW.plusSeconds(86_400), "https://video.example.invalid/a"),
            appointment(BOB, "Confirmed", NOW.plusSeconds(2 * 86_400), null),
            appointment(CY, "Missed", NOW.minusSeconds(2 * 86_400), null)), List.of());

    @Test
    void aPatientWhoseReadFailedIsNotShownAsHavingNothingScheduled() {
        OrganizationAppointments failed = new OrganizationAppointments(ORG, NOW, NOW, NOW, appointments.appointments(),
                List.of(new OrganizationAppointments.Unread(CY, "INTAKEQ_UNAVAILABLE", NOW.minusSeconds(3600))));
        PatientsPage page = PatientList.build(SUMMIT, ROSTER, failed, NOW, Filter.ALL, null);
        PatientsPage.Row young = page.rows().get(2);
        assertEquals("IntakeQ not read: IntakeQ could not be reached (Mon 7 Dec 9:00 AM)", young.notRead());
        assertEquals(List.of(), PatientList.build(SUMMIT, ROSTER, failed, NOW, Filter.NO_UPCOMING, null).rows(),
                "not known to have nothing upcoming");
        assertTrue(PatientList.csv(page).contains("IntakeQ not read: IntakeQ could not be reached"));
    }

    @Test
    void eachFilterFindsItsPatients() {
        assertEquals(List.of("Babbage, Jr.", "Lovelace", "Young"), names(Filter.ALL, null));
        assertEquals(List.of("Young"), names(Filter.NO_UPCOMING, null));
        assertEquals(List.of("Babbage, Jr."), names(Filter.MISSING_LINK, null));
        assertEquals(List.of("Young"), names(Filter.CANCELED_OR_MISSED, null));
        PatientsPage page = PatientList.build(SUMMIT, ROSTER, appointments, NOW, Filter.ALL, null);
        assertEquals(List.of(3, 1, 1, 1), page.filters().stream().map(PatientsPage.FilterLink::count).toList());
        assertEquals("Missed (no-show) Sat 5 Dec 10:00 AM", page.rows().get(2).recentlyOff());
    }

    @Test
    void aSearchMatchesPartOfTheNameWhateverTheCase() {
        assertEquals(List.of("Lovelace"), names(Filter.ALL, "  ada LOVE "));
        assertEquals(List.of(), names(Filter.NO_UPCOMING, "ada"));
    }

    @Test
    void theCsvIsQuotedAndCannotRunAsAFormula() {
        String csv = PatientList.csv(PatientList.build(SUMMIT, ROSTER, appointments, NOW, Filter.ALL, null));
        String[] lines = csv.split("\r\n");
        assertEquals("Last name,First name,Next appointment (America/Denver),Provider,Status,Meeting link,"
                + "Canceled or missed in the last 7 days", lines[0]);
        assertEquals("\"Babbage, Jr.\",'=cmd|' /C calc'!A0,Wed 9 Dec 10:00 AM,Mara Quinn,Confirmed,,", lines[1]);
        assertTrue(lines[2].startsWith("Lovelace,Ada,Tue 8 Dec 10:00 AM,Mara Quinn,Confirmed,https://video.example.invalid/a"));
        assertEquals(4, lines.length);
    }

    @Test
    void withoutAppointmentsNobodyIsFlaggedWithoutAnUpcomingOne() {
        PatientsPage page = PatientList.build(SUMMIT, ROSTER, null, NOW, Filter.NO_UPCOMING, null);
        assertEquals(0, page.rows().size());
        assertEquals(3, page.total());
    }

    private List<String> names(Filter filter, String search) {
        return PatientList.build(SUMMIT, ROSTER, appointments, NOW, filter, search).rows().stream()
                .map(PatientsPage.Row::lastName).toList();
    }
}
