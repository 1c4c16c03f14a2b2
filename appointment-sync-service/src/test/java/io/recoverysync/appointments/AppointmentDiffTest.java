package io.recoverysync.appointments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recoverysync.appointments.client.IntakeQAppointment;
import io.recoverysync.appointments.service.AppointmentDiff;
import io.recoverysync.appointments.service.AppointmentDiff.Stored;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pure diff rules: hashing ignores LastModified, status changes are updates, vanished rows are removals. */
class AppointmentDiffTest {
    private final UUID provider = UUID.randomUUID();
    private final Instant t0 = Instant.parse("2026-06-01T15:00:00Z");
    private final Instant from = Instant.parse("2026-03-01T00:00:00Z");
    private final Instant to = Instant.parse("2026-09-01T00:00:00Z");

    private IntakeQAppointment appt(String id, String status, Instant start, Instant lastModified) {
        return new IntakeQAppointment(id, 7, null, status, start, start.plusSeconds(3000), 50, "P1", "Therapy", "Office",
                null, lastModified, null);
    }

    @Test
    void lastModifiedAloneIsNotAChange() {
        IntakeQAppointment a = appt("A", "Confirmed", t0, t0);
        IntakeQAppointment touched = appt("A", "Confirmed", t0, t0.plusSeconds(60));
        assertEquals(AppointmentDiff.contentHash(a, provider), AppointmentDiff.contentHash(touched, provider));
    }

    @Test
    void classifiesEveryAppointment() {
        IntakeQAppointment same = appt("SAME", "Confirmed", t0, t0);
        IntakeQAppointment canceled = appt("CXL", "Canceled", t0, t0);
        IntakeQAppointment fresh = appt("NEW", "Confirmed", t0, t0);
        IntakeQAppointment unmapped = new IntakeQAppointment("UNM", 7, null, "Confirmed", t0, t0, 50, "P9", "x", "y", null, t0, null);
        Map<String, Stored> stored = Map.of(
                "SAME", new Stored("SAME", AppointmentDiff.contentHash(same, provider), "Confirmed", t0),
                "CXL", new Stored("CXL", AppointmentDiff.contentHash(appt("CXL", "Confirmed", t0, t0), provider), "Confirmed", t0),
                "GONE", new Stored("GONE", "h", "Confirmed", t0),
                "OLD", new Stored("OLD", "h", "Confirmed", Instant.parse("2025-01-01T00:00:00Z")));
        AppointmentDiff.Outcome outcome = AppointmentDiff.compute(List.of(same, canceled, fresh, unmapped),
                Map.of("P1", provider), stored, from, to);
        assertEquals(2, outcome.created(), "NEW, and UNM stored with its provider unknown");
        assertEquals(2, outcome.updated(), "canceled + vanished");
        assertEquals(1, outcome.unchanged());
        assertEquals(1, outcome.errors());
        assertEquals(List.of("GONE"), outcome.removedIds(), "outside the window is left alone");
        assertEquals(java.util.Set.of("P9"), outcome.unknownPractitionerIds());
        AppointmentDiff.Upsert unknownProvider = outcome.upserts().stream()
                .filter(u -> u.appointment().id().equals("UNM")).findFirst().orElseThrow();
        assertEquals(null, unknownProvider.providerId());
    }
}
