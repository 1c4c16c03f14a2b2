package io.recoverysync.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.scheduler.service.CalendarWriter;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

/** The calendar feed's text, parsed back with ical4j: one event per appointment, initials unless full names are on. */
class CalendarWriterTest {
    private static final UUID ADA = UUID.randomUUID();
    private static final UUID ALAN = UUID.randomUUID();
    private static final Map<UUID, CalendarWriter.Name> NAMES = Map.of(
            ADA, new CalendarWriter.Name("Ada", "Lovelace"), ALAN, new CalendarWriter.Name("Alan", "Turing"));
    private static final Instant T0 = Instant.parse("2026-12-08T16:30:00Z");

    private static List<CalendarWriter.Appointment> appointments() {
        return List.of(
                new CalendarWriter.Appointment(ADA, "A-1", "Confirmed", T0, T0.plusSeconds(3000), 50, "Mara Quinn",
                        "Therapy", "Office; 2nd floor", "https://telehealth.example.org/rooms/a1", T0.minusSeconds(86400)),
                new CalendarWriter.Appointment(ALAN, "A-2", "Canceled", T0.plusSeconds(7200), null, 30, null, null, null,
                        "javascript:alert(1)", null),
                new CalendarWriter.Appointment(UUID.randomUUID(), "A-3", "Confirmed", T0, null, null, null, "X", null,
                        null, null));
    }

    private static List<VEvent> events(String text) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(text));
        return calendar.getComponents(Component.VEVENT);
    }

    @Test
    void eventsCarryInitialsTimesStatusAndTheLink() throws Exception {
        Organization org = new Organization(UUID.randomUUID(), "Summit Recovery", "America/Denver", false);
        String text = CalendarWriter.write(org, NAMES, appointments());
        List<VEvent> events = events(text);
        assertEquals(2, events.size(), "a patient the feed does not know is left out:\n" + text);

        VEvent first = events.get(0);
        assertEquals("A-1@intakeq.recoverysync", first.getUid().get().getValue());
        assertEquals("A. L. · Therapy with Mara Quinn", first.getSummary().getValue());
        assertEquals("CONFIRMED", first.getStatus().getValue());
        assertEquals(T0, Instant.from(first.getDateTimeStart().getDate()));
        assertEquals(T0.plusSeconds(3000), Instant.from(first.getDateTimeEnd().getDate()));
        assertEquals("Office; 2nd floor", first.getLocation().getValue());
        assertEquals("https://telehealth.example.org/rooms/a1", first.getUrl().getValue());

        VEvent canceled = events.get(1);
        assertEquals("CANCELLED", canceled.getStatus().getValue());
        assertEquals("A. T. · Appointment", canceled.getSummary().getValue());
        assertEquals(T0.plusSeconds(7200 + 1800), Instant.from(canceled.getDateTimeEnd().getDate()),
                "without an end, the duration decides");
        assertEquals(null, canceled.getUrl(), "only web links become the event's URL");

        assertFalse(text.contains("Lovelace") || text.contains("Turing") || text.contains("Ada ") || text.contains("javascript"),
                "initials only:\n" + text);
        assertTrue(text.contains("X-WR-CALNAME:Summit Recovery appointments"), text);
        for (String line : text.split("\r\n")) {
            assertTrue(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 75, "folded at 75 octets: " + line);
        }
    }

    @Test
    void fullNamesOnlyWhereTheOrganizationTurnedThemOn() throws Exception {
        Organization org = new Organization(UUID.randomUUID(), "Summit Recovery", "America/Denver", true);
        List<VEvent> events = events(CalendarWriter.write(org, NAMES, appointments()));
        assertEquals("Ada Lovelace · Therapy with Mara Quinn", events.get(0).getSummary().getValue());
        assertEquals(0, events(CalendarWriter.write(org, NAMES, List.of())).size());
    }
}
