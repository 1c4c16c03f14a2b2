package io.recoverysync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.OrganizationAppointments.Appointment;
import io.recoverysync.contracts.api.OrganizationAppointments.Change;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.dashboard.service.ChangeWords;
import io.recoverysync.dashboard.service.DayView;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The day view: days in the organization's zone, names from the roster, changes in words, what is new since a look. */
class DayViewTest {
    private static final ZoneId DENVER = ZoneId.of("America/Denver");
    private static final UUID ORG = UUID.randomUUID();
    private static final RosterOrganization SUMMIT = new RosterOrganization(ORG, "Summit", "America/Denver", false);
    private static final UUID ADA = UUID.randomUUID();
    private static final UUID GONE = UUID.randomUUID();
    // Monday 7 December 2026, 10:00 in Denver
    private static final Instant NOW = Instant.parse("2026-12-07T17:00:00Z");

    private static Appointment appointment(UUID patient, String id, String status, Instant start, List<Change> changes) {
        return new Appointment(patient, id, status, start, start.plusSeconds(3000), 50, "Mara Quinn", "Therapy",
                "Telehealth", "https://video.example.invalid/" + id, start, changes);
    }

    @Test
    void appointmentsAreGroupedByDayInTheOrganizationsZoneWithChangesInWords() {
        Instant tuesdayMorning = Instant.parse("2026-12-08T16:00:00Z"); // 9:00 in Denver
        Instant wasMonday = Instant.parse("2026-12-07T22:00:00Z"); // 15:00 in Denver
        Change moved = new Change("start", wasMonday.toString(), tuesdayMorning.toString(), NOW.minusSeconds(60), "webhook");
        Instant lateMonday = Instant.parse("2026-12-08T05:30:00Z"); // 22:30 Monday in Denver, Tuesday in UTC
        OrganizationAppointments answer = new OrganizationAppointments(ORG, NOW, NOW, NOW, List.of(
                appointment(ADA, "A1", "Confirmed", lateMonday, List.of()),
                appointment(ADA, "A2", "Confirmed", tuesdayMorning, List.of(moved)),
                appointment(ADA, "A3", "Canceled", tuesdayMorning.plusSeconds(7200),
                        List.of(new Change("status", "Confirmed", "Canceled", NOW.minusSeconds(7200), "nightly"))),
                appointment(GONE, "A4", "Confirmed", tuesdayMorning, List.of())), List.of());
        List<RosterPage.Patient> roster = List.of(
                new RosterPage.Patient(ADA, ORG, "active", 1, true, "Ada", "Lovelace", null));

        TodayPage page = DayView.build(SUMMIT, roster, answer, NOW, NOW.minusSeconds(3600));

        assertEquals(7, page.days().size());
        assertEquals("Today, Monday 7 December", page.days().get(0).heading());
        assertEquals("Tomorrow, Tuesday 8 December", page.days().get(1).heading());
        assertEquals(List.of("A1"), page.days().get(0).rows().stream().map(TodayPage.Row::appointmentId).toList(),
                "22:30 in Denver is still Monday there");
        assertEquals(List.of("A2", "A3"), page.days().get(1).rows().stream().map(TodayPage.Row::appointmentId).toList(),
                "a patient not on the roster's active list is left out");
        TodayPage.Row rescheduled = page.days().get(1).rows().get(0);
        assertEquals("Ada Lovelace", rescheduled.patient());
        assertEquals("9:00 AM – 9:50 AM", rescheduled.time());
        assertEquals(List.of("Rescheduled from Mon 7 Dec 3:00 PM to Tue 8 Dec 9:00 AM"), rescheduled.changes());
        assertTrue(rescheduled.newSinceLastLook());
        TodayPage.Row canceled = page.days().get(1).rows().get(1);
        assertEquals(List.of("Canceled (was confirmed)"), canceled.changes());
        assertFalse(canceled.newSinceLastLook(), "changed before the last look");
        assertNull(canceled.link(), "no Join or Copy link on a canceled appointment");
        assertEquals("off", canceled.statusKind());
        assertEquals(2, page.changed());
        assertEquals(1, page.newSinceLastLook());
    }

    @Test
    void anAppointmentMovedOutOfTheWeekStaysOnTheDayItWasOn() {
        Instant nextMonth = Instant.parse("2027-01-07T17:00:00Z");
        Instant wasTomorrow = Instant.parse("2026-12-08T17:00:00Z");
        OrganizationAppointments answer = new OrganizationAppointments(ORG, NOW, NOW, NOW, List.of(
                appointment(ADA, "A1", "Confirmed", nextMonth,
                        List.of(new Change("start", wasTomorrow.toString(), nextMonth.toString(), NOW, "webhook")))), List.of());
        TodayPage page = DayView.build(SUMMIT, List.of(new RosterPage.Patient(ADA, ORG, "active", 1, true, "Ada",
                "Lovelace", null)), answer, NOW, null);
        assertEquals(List.of("Rescheduled from Tue 8 Dec 10:00 AM to Thu 7 Jan 10:00 AM"),
                page.days().get(1).rows().get(0).changes());
    }

    @Test
    void withoutAppointmentsThePageSaysSo() {
        TodayPage page = DayView.build(SUMMIT, List.of(), null, NOW, null);
        assertFalse(page.appointmentsAvailable());
        assertTrue(page.days().stream().allMatch(d -> d.rows().isEmpty()));
    }

    @Test
    void eachChangeInWords() {
        assertEquals("Marked missed (no-show)", ChangeWords.of(new Change("status", "Confirmed", "Missed", NOW, "webhook"), DENVER));
        assertEquals("Provider changed from Mara Quinn to Ned Ortiz",
                ChangeWords.of(new Change("provider", "Mara Quinn", "Ned Ortiz", NOW, "webhook"), DENVER));
        assertEquals("Telehealth link changed", ChangeWords.of(new Change("link", "https://a", "https://b", NOW, "webhook"), DENVER));
        assertEquals("Telehealth link removed", ChangeWords.of(new Change("link", "https://a", null, NOW, "webhook"), DENVER));
        assertEquals("New appointment", ChangeWords.of(new Change("added", null, NOW.toString(), NOW, "nightly"), DENVER));
        assertEquals("Length changed from 50 min to 80 min", ChangeWords.of(new Change("duration", "50", "80", NOW, "refresh"), DENVER));
        assertEquals("Removed from IntakeQ", ChangeWords.of(new Change("status", "Confirmed", "Removed", NOW, "refresh"), DENVER));
        assertEquals("Place changed from Office to Telehealth",
                ChangeWords.of(new Change("location", "Office", "Telehealth", NOW, "refresh"), DENVER));
    }
}
