package io.recoverysync.appointments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.appointments.service.AppointmentChanges;
import io.recoverysync.appointments.service.AppointmentDiff;
import io.recoverysync.contracts.AppointmentField;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each field a case manager sees, compared on its own; what is not visible is not a change. */
class AppointmentChangesTest {
    private static final Instant T0 = Instant.parse("2026-12-09T16:00:00Z");
    private static final AppointmentDiff.Stored STORED = new AppointmentDiff.Stored("A1", "hash", "Confirmed", T0, 50,
            "prac-1", "https://video.example.invalid/a", "Telehealth", "Therapy");

    private static IntakeQAppointment fetched(String status, Instant start, Integer duration, String practitioner,
            String link, String location, String service) {
        return new IntakeQAppointment("A1", 7, null, status, start, start.plusSeconds(60L * (duration == null ? 0 : duration)),
                duration, practitioner, service, location, link, T0, null);
    }

    private static IntakeQAppointment same() {
        return fetched("Confirmed", T0, 50, "prac-1", "https://video.example.invalid/a", "Telehealth", "Therapy");
    }

    @Test
    void theSameAppointmentHasNoChange() {
        assertEquals(List.of(), AppointmentChanges.between(STORED, same()));
    }

    @Test
    void eachVisibleFieldIsAChangeOfItsOwn() {
        Instant later = T0.plusSeconds(3600);
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.START, T0.toString(), later.toString())),
                AppointmentChanges.between(STORED, fetched("Confirmed", later, 50, "prac-1",
                        "https://video.example.invalid/a", "Telehealth", "Therapy")));
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.DURATION, "50", "80")),
                AppointmentChanges.between(STORED, fetched("Confirmed", T0, 80, "prac-1",
                        "https://video.example.invalid/a", "Telehealth", "Therapy")));
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.STATUS, "Confirmed", "Canceled")),
                AppointmentChanges.between(STORED, fetched("Canceled", T0, 50, "prac-1",
                        "https://video.example.invalid/a", "Telehealth", "Therapy")));
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.STATUS, "Confirmed", "Missed")),
                AppointmentChanges.between(STORED, fetched("Missed", T0, 50, "prac-1",
                        "https://video.example.invalid/a", "Telehealth", "Therapy")));
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.PROVIDER, "prac-1", "prac-2")),
                AppointmentChanges.between(STORED, fetched("Confirmed", T0, 50, "prac-2",
                        "https://video.example.invalid/a", "Telehealth", "Therapy")));
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.LINK, "https://video.example.invalid/a",
                        "https://video.example.invalid/b")),
                AppointmentChanges.between(STORED, fetched("Confirmed", T0, 50, "prac-1",
                        "https://video.example.invalid/b", "Telehealth", "Therapy")));
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.LINK, "https://video.example.invalid/a", null)),
                AppointmentChanges.between(STORED, fetched("Confirmed", T0, 50, "prac-1", null, "Telehealth", "Therapy")));
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.LOCATION, "Telehealth", "Main Office")),
                AppointmentChanges.between(STORED, fetched("Confirmed", T0, 50, "prac-1",
                        "https://video.example.invalid/a", "Main Office", "Therapy")));
        assertEquals(List.of(new AppointmentChange("A1", AppointmentField.SERVICE, "Therapy", "Intake")),
                AppointmentChanges.between(STORED, fetched("Confirmed", T0, 50, "prac-1",
                        "https://video.example.invalid/a", "Telehealth", "Intake")));
    }

    @Test
    void whatBroughtAChange() {
        assertEquals(ChangeSource.NIGHTLY, ChangeSource.of(io.recoverysync.contracts.SyncType.AUTOMATED_DAILY));
        assertEquals(ChangeSource.REFRESH, ChangeSource.of(io.recoverysync.contracts.SyncType.MANUAL_BULK));
        assertEquals(ChangeSource.REFRESH, ChangeSource.of(io.recoverysync.contracts.SyncType.MANUAL_PATIENT));
    }

    @Test
    void aRescheduleThatAlsoCancelsIsTwoChanges() {
        Instant later = T0.plusSeconds(86_400);
        assertEquals(List.of(AppointmentField.START, AppointmentField.STATUS),
                AppointmentChanges.between(STORED, fetched("Canceled", later, 50, "prac-1",
                        "https://video.example.invalid/a", "Telehealth", "Therapy")).stream()
                        .map(AppointmentChange::field).toList());
    }

    @Test
    void theDiffListsChangesOfUpdatedAndRemovedAppointmentsButNotOfAMappingAlone() {
        UUID provider = UUID.randomUUID();
        IntakeQAppointment unchangedButNewlyMapped = same();
        AppointmentDiff.Stored mappedLater = new AppointmentDiff.Stored("A1",
                AppointmentDiff.contentHash(unchangedButNewlyMapped, null), "Confirmed", T0, 50, "prac-1",
                "https://video.example.invalid/a", "Telehealth", "Therapy");
        AppointmentDiff.Stored gone = new AppointmentDiff.Stored("GONE", "h", "Confirmed", T0.plusSeconds(7200), 50,
                "prac-1", null, "Office", "Therapy");
        AppointmentDiff.Outcome outcome = AppointmentDiff.compute(List.of(unchangedButNewlyMapped),
                java.util.Map.of("prac-1", provider), java.util.Map.of("A1", mappedLater, "GONE", gone),
                T0.minusSeconds(86_400), T0.plusSeconds(86_400 * 30L));
        assertEquals(2, outcome.updated(), "the mapping changed the hash; the other was removed");
        assertEquals(List.of(new AppointmentChange("GONE", AppointmentField.STATUS, "Confirmed", "Removed")),
                outcome.changes());
    }
}
