package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.getWithKey;
import static io.recoverysync.simulator.intakeq.SimHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppointmentsApiTest {

    private static final String PRAC = "5f0c0ffee0ddba11deadbeef";
    private static final Instant BASE = Instant.parse("2026-01-01T10:00:00Z");

    private static IntakeQSimulator sim;

    @BeforeAll
    static void start() {
        sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.clear();
        sim.addPractitioner(PRAC, "Jane Smith", "jane@example.org");
        sim.addClient(4711, "Ada Example", "ada@example.org", "(555) 010-0000");
    }

    @Test
    void baseUrlPointsAtApiV1() {
        assertEquals("http://127.0.0.1:" + sim.port() + "/api/v1", sim.baseUrl());
        assertEquals("sim-intakeq-key", sim.apiKey());
    }

    @Test
    void missingOrWrongKeyIsRejectedWithPlainText401() {
        for (String key : new String[] {null, "wrong-key"}) {
            HttpResponse<String> r = getWithKey(sim, "/appointments", key);
            assertEquals(401, r.statusCode());
            assertEquals("Unauthorized", r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        }
        assertEquals(0, sim.acceptedRequests(), "401s must not consume quota");
        assertEquals(2, sim.unauthorizedRequests());
    }

    @Test
    void pagesOf100ThenEmptyArray() {
        for (int i = 0; i < 250; i++) {
            sim.addAppointment(4711, PRAC, BASE.plus(Duration.ofHours(i)), 50, "Follow-up Session", "Office", null);
        }
        int[] expected = {100, 100, 50, 0};
        List<Long> starts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int page = 1; page <= 4; page++) {
            HttpResponse<String> r = get(sim, "/appointments?client=4711&page=" + page);
            assertEquals(200, r.statusCode());
            JsonNode array = json(r);
            assertTrue(array.isArray(), "lists are bare arrays");
            assertEquals(expected[page - 1], array.size(), "page " + page);
            array.forEach(a -> {
                starts.add(a.get("StartDate").asLong());
                ids.add(a.get("Id").asText());
            });
        }
        assertEquals("[]", get(sim, "/appointments?client=4711&page=4").body());
        assertEquals(250, ids.size(), "no duplicates across pages");
        for (int i = 1; i < starts.size(); i++) {
            assertTrue(starts.get(i - 1) >= starts.get(i), "StartDate descending at " + i);
        }
        assertEquals(BASE.plus(Duration.ofHours(249)).toEpochMilli(), starts.get(0));
        assertEquals(100, json(get(sim, "/appointments")).size(), "page defaults to 1");
    }

    @Test
    void sortsByStartDescendingThenId() {
        SimAppointment early = sim.addAppointment(4711, PRAC, BASE, 50, "S", "L", null);
        SimAppointment late = sim.addAppointment(4711, PRAC, BASE.plus(Duration.ofDays(1)), 50, "S", "L", null);
        SimAppointment sameAsEarly = sim.addAppointment(4711, PRAC, BASE, 30, "S", "L", null);
        JsonNode array = json(get(sim, "/appointments"));
        assertEquals(List.of(late.id(), early.id(), sameAsEarly.id()), idsOf(array));
    }

    @Test
    void clientFilterByEmailNameAndDigits() {
        sim.addClient(4712, "Joann Other", "joann@example.org", "(555) 010-0001");
        sim.addClient(99, "Paul Third", "paul@example.org", "(555) 010-0002");
        SimAppointment ada = sim.addAppointment(4711, PRAC, BASE, 50, "S", "L", null);
        SimAppointment joann = sim.addAppointment(4712, PRAC, BASE.plusSeconds(60), 50, "S", "L", null);
        SimAppointment paul = sim.addAppointment(99, PRAC, BASE.plusSeconds(120), 50, "S", "L", null);

        assertEquals(List.of(ada.id()), idsOf(json(get(sim, "/appointments?client=ada@example.org"))));
        // Real quirk: substring match, so a full email can also hit a longer address.
        assertEquals(List.of(joann.id()), idsOf(json(get(sim, "/appointments?client=ann%40example.org"))));
        assertEquals(List.of(joann.id()), idsOf(json(get(sim, "/appointments?client=JOANN"))));
        assertEquals(List.of(paul.id()), idsOf(json(get(sim, "/appointments?client=99"))));
        assertEquals(List.of(ada.id()), idsOf(json(get(sim, "/appointments?client=4711"))));
        assertEquals(0, json(get(sim, "/appointments?client=471")).size(), "digits are an exact id match");
        assertEquals(3, json(get(sim, "/appointments?client=example.org")).size());
    }

    @Test
    void dateWindowIsInclusiveUtcDays() {
        SimAppointment before = sim.addAppointment(4711, PRAC, Instant.parse("2025-12-31T23:59:00Z"), 50, "S", "L", null);
        SimAppointment first = sim.addAppointment(4711, PRAC, Instant.parse("2026-01-01T00:00:00Z"), 50, "S", "L", null);
        SimAppointment last = sim.addAppointment(4711, PRAC, Instant.parse("2026-01-02T23:59:59Z"), 50, "S", "L", null);
        SimAppointment after = sim.addAppointment(4711, PRAC, Instant.parse("2026-01-03T00:00:00Z"), 50, "S", "L", null);

        assertEquals(List.of(last.id(), first.id()),
                idsOf(json(get(sim, "/appointments?startDate=2026-01-01&endDate=2026-01-02"))));
        assertEquals(List.of(after.id(), last.id(), first.id()), idsOf(json(get(sim, "/appointments?startDate=2026-01-01"))));
        assertEquals(List.of(first.id(), before.id()), idsOf(json(get(sim, "/appointments?endDate=2026-01-01"))));
    }

    @Test
    void updatedSinceUsesStartOfUtcDayOnLastModified() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(Instant.parse("2026-01-05T12:00:00Z"));
        try (IntakeQSimulator timed = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0), clock)) {
            timed.addPractitioner(PRAC, "Jane Smith", "jane@example.org");
            timed.addClient(1, "Ada Example", "ada@example.org", "(555) 010-0000");
            SimAppointment old = timed.addAppointment(1, PRAC, BASE, 50, "S", "L", null);
            SimAppointment touched = timed.addAppointment(1, PRAC, BASE.plusSeconds(3600), 50, "S", "L", null);
            clock.advance(Duration.ofDays(2)); // 2026-01-07T12:00Z
            timed.reschedule(touched.id(), BASE.plusSeconds(7200));

            assertEquals(List.of(touched.id()), idsOf(json(get(timed, "/appointments?updatedSince=2026-01-07"))));
            assertEquals(List.of(touched.id()), idsOf(json(get(timed, "/appointments?updatedSince=2026-01-06"))));
            assertEquals(List.of(touched.id(), old.id()), idsOf(json(get(timed, "/appointments?updatedSince=2026-01-05"))));
            assertEquals(0, json(get(timed, "/appointments?updatedSince=2026-01-08")).size());
        }
    }

    @Test
    void statusAndPractitionerFilters() {
        sim.addPractitioner("other", "Omar Haddad", "omar@example.org");
        SimAppointment a = sim.addAppointment(4711, PRAC, BASE, 50, "S", "L", null);
        SimAppointment b = sim.addAppointment(4711, "other", BASE.plusSeconds(60), 50, "S", "L", null);
        sim.setStatus(b.id(), "Missed");
        assertEquals(List.of(b.id()), idsOf(json(get(sim, "/appointments?status=Missed"))));
        assertEquals(List.of(a.id()), idsOf(json(get(sim, "/appointments?status=Confirmed"))));
        assertEquals(0, json(get(sim, "/appointments?status=scheduled")).size());
        assertEquals(List.of(a.id()), idsOf(json(get(sim, "/appointments?practitionerEmail=JANE@example.org"))));
    }

    @Test
    void cancelShowsCanceledAndBumpsLastModified() {
        SimAppointment a = sim.addAppointment(4711, PRAC, BASE, 50, "S", "L", null);
        JsonNode before = json(get(sim, "/appointments/" + a.id()));
        sim.cancel(a.id(), "Client request");
        JsonNode after = json(get(sim, "/appointments/" + a.id()));

        assertEquals("Confirmed", before.get("Status").asText());
        assertEquals("Canceled", after.get("Status").asText());
        assertEquals("Client request", after.get("FullCancellationReason").asText());
        assertTrue(after.get("CancellationDate").isTextual());
        assertTrue(after.get("LastModified").asLong() > before.get("LastModified").asLong());
        assertEquals(List.of(a.id()), idsOf(json(get(sim, "/appointments?status=Canceled"))));
        assertEquals("Canceled", sim.appointment(a.id()).status());
    }

    @Test
    void rescheduleKeepsDuration() {
        SimAppointment a = sim.addAppointment(4711, PRAC, BASE, 50, "S", "L", null);
        Instant newStart = BASE.plus(Duration.ofDays(3));
        sim.reschedule(a.id(), newStart);
        SimAppointment moved = sim.appointment(a.id());
        assertEquals(newStart, moved.start());
        assertEquals(newStart.plus(Duration.ofMinutes(50)), moved.end());
        assertTrue(moved.lastModified().isAfter(a.lastModified()));
        assertThrows(IllegalArgumentException.class, () -> sim.reschedule("nope", newStart));
    }

    @Test
    void unknownIdIs404PlainText() {
        HttpResponse<String> r = get(sim, "/appointments/000000000000000000000000");
        assertEquals(404, r.statusCode());
        assertEquals("Not Found", r.body());
        assertNull(sim.appointment("000000000000000000000000"));
    }

    @Test
    void softDeleteHidesAndDeletedOnlyShowsForTenDays() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(Instant.parse("2026-01-05T12:00:00Z"));
        try (IntakeQSimulator timed = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0), clock)) {
            timed.addPractitioner(PRAC, "Jane Smith", "jane@example.org");
            timed.addClient(1, "Ada Example", "ada@example.org", "(555) 010-0000");
            SimAppointment kept = timed.addAppointment(1, PRAC, BASE, 50, "S", "L", null);
            SimAppointment gone = timed.addAppointment(1, PRAC, BASE.plusSeconds(60), 50, "S", "L", null);
            timed.delete(gone.id());

            assertEquals(List.of(kept.id()), idsOf(json(get(timed, "/appointments"))));
            assertEquals(List.of(gone.id()), idsOf(json(get(timed, "/appointments?deletedOnly=true"))));
            assertEquals(404, get(timed, "/appointments/" + gone.id()).statusCode());
            assertTrue(timed.appointment(gone.id()).deleted());
            assertEquals(2, timed.appointments().size());

            clock.advance(Duration.ofDays(10).plusSeconds(1));
            assertEquals(0, json(get(timed, "/appointments?deletedOnly=true")).size());
        }
    }

    @Test
    void invalidDateOrPageIs400PlainText() {
        for (String q : new String[] {"startDate=01/02/2026", "endDate=2026-13-01", "updatedSince=yesterday",
                "page=0", "page=abc", "deletedOnly=maybe"}) {
            HttpResponse<String> r = get(sim, "/appointments?" + q);
            assertEquals(400, r.statusCode(), q);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), q);
            assertFalse(r.body().isBlank(), q);
        }
    }

    @Test
    void wireFormatMatchesReferenceFixture() {
        SimAppointment a = sim.addAppointment(4711, PRAC, BASE, 50, "Follow-up Session", "Telehealth",
                "https://example.invalid/start");
        JsonNode n = json(get(sim, "/appointments/" + a.id()));

        List<String> expected = List.of("Id", "ClientName", "ClientEmail", "ClientPhone", "ClientDateOfBirth", "ClientId",
                "Status", "StartDate", "EndDate", "Duration", "StartDateIso", "EndDateIso", "StartDateLocal",
                "EndDateLocal", "StartDateLocalFormatted", "ServiceName", "ServiceId", "LocationName", "LocationId",
                "Price", "PractitionerName", "PractitionerEmail", "PractitionerId", "DateCreated", "LastModified",
                "IntakeId", "BookedByClient", "CreatedBy", "AppointmentPackageId", "AppointmentPackageName",
                "TelehealthInfo", "FullCancellationReason", "CancellationReasonNote", "CancellationDate",
                "AttendanceConfirmationResponse", "ReminderType", "CustomFields", "AdditionalClients");
        assertEquals(Set.copyOf(expected), Set.copyOf(fieldNames(n)));

        assertTrue(a.id().matches("[0-9a-f]{24}"), a.id());
        assertEquals(a.id(), n.get("Id").asText());
        assertTrue(n.get("StartDate").isIntegralNumber());
        assertEquals(1767261600000L, n.get("StartDate").asLong());
        assertEquals(1767264600000L, n.get("EndDate").asLong());
        assertTrue(n.get("DateCreated").isIntegralNumber());
        assertTrue(n.get("LastModified").isIntegralNumber());
        assertEquals(50, n.get("Duration").asInt());
        assertEquals("2026-01-01T10:00:00.0000000Z", n.get("StartDateIso").asText());
        assertEquals("2026-01-01T10:50:00.0000000Z", n.get("EndDateIso").asText());
        assertEquals("2026-01-01T03:00:00", n.get("StartDateLocal").asText());
        assertEquals("Thursday, January 1, 2026 3:00 AM", n.get("StartDateLocalFormatted").asText());
        assertTrue(n.get("ClientId").isInt());
        assertEquals(4711, n.get("ClientId").asInt());
        assertTrue(n.get("LocationId").isTextual(), "LocationId is a string by default");
        assertTrue(n.get("Price").isNumber());
        assertEquals("Confirmed", n.get("Status").asText());
        assertEquals("Jane Smith", n.get("PractitionerName").asText());
        assertEquals(PRAC, n.get("PractitionerId").asText());
        assertTrue(n.get("ClientDateOfBirth").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(n.get("IntakeId").isNull());
        assertTrue(n.get("CustomFields").isArray());
        assertTrue(n.get("AdditionalClients").isArray());
        JsonNode tele = n.get("TelehealthInfo");
        assertEquals(Set.of("Id", "StartUrl", "Invitation", "Provider", "InvitationCode"), Set.copyOf(fieldNames(tele)));
        assertEquals("https://example.invalid/start", tele.get("StartUrl").asText());

        SimAppointment inPerson = sim.addAppointment(4711, PRAC, BASE, 50, "S", "Office", null);
        assertTrue(json(get(sim, "/appointments/" + inPerson.id())).get("TelehealthInfo").isNull());
        assertTrue(get(sim, "/appointments").headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void idsAreDeterministicPerSimulator() {
        try (IntakeQSimulator a = IntakeQSimulator.start(SimulatorConfig.defaults());
             IntakeQSimulator b = IntakeQSimulator.start(SimulatorConfig.defaults())) {
            for (IntakeQSimulator s : List.of(a, b)) {
                s.addPractitioner(PRAC, "Jane Smith", "jane@example.org");
                s.addClient(1, "Ada", "ada@example.org", "1");
            }
            assertEquals(a.addAppointment(1, PRAC, BASE, 50, "S", "L", null).id(),
                    b.addAppointment(1, PRAC, BASE, 50, "S", "L", null).id());
            assertThrows(IllegalArgumentException.class, () -> a.addAppointment(2, PRAC, BASE, 50, "S", "L", null));
        }
    }

    @Test
    void shapeSwitches() {
        SimAppointment a = sim.addAppointment(4711, PRAC, BASE, 50, "S", "L", null);
        sim.setClientIdAsString(true);
        sim.setLocationIdAsNumber(true);
        sim.setExtraUnknownFields(true);
        JsonNode n = json(get(sim, "/appointments/" + a.id()));
        assertTrue(n.get("ClientId").isTextual());
        assertEquals("4711", n.get("ClientId").asText());
        assertTrue(n.get("LocationId").isInt());
        assertNotNull(n.get("SimUnknownObject"));
        sim.clear();
        sim.addPractitioner(PRAC, "Jane Smith", "jane@example.org");
        sim.addClient(4711, "Ada Example", "ada@example.org", "(555) 010-0000");
        SimAppointment b = sim.addAppointment(4711, PRAC, BASE, 50, "S", "L", null);
        JsonNode plain = json(get(sim, "/appointments/" + b.id()));
        assertTrue(plain.get("ClientId").isInt(), "clear() resets shape switches");
        assertNull(plain.get("SimUnknownObject"));
    }

    @Test
    void clientsEndpointShortAndProfileForms() {
        sim.addClient(12, "Ben Sample", "ben@example.org", "(555) 010-0002");
        JsonNode brief = json(get(sim, "/clients?search=ben"));
        assertEquals(1, brief.size());
        assertEquals(Set.of("ClientNumber", "Name", "Email", "Phone"), Set.copyOf(fieldNames(brief.get(0))));
        assertEquals(12, brief.get(0).get("ClientNumber").asInt());

        for (String flag : new String[] {"includeProfile=true", "IncludeProfile=true"}) {
            JsonNode full = json(get(sim, "/clients?search=12&" + flag));
            assertEquals(1, full.size(), flag);
            JsonNode c = full.get(0);
            assertEquals(12, c.get("ClientId").asInt());
            assertEquals("Ben", c.get("FirstName").asText());
            assertEquals("Sample", c.get("LastName").asText());
            assertEquals("ben@example.org", c.get("Email").asText());
            assertTrue(c.get("DateCreated").isIntegralNumber());
            assertNull(c.get("ClientNumber"));
        }
        assertEquals(2, json(get(sim, "/clients")).size());
        assertEquals(0, json(get(sim, "/clients?search=1")).size(), "numeric search is an exact id");
        assertEquals(400, get(sim, "/clients?page=-1").statusCode());
    }

    @Test
    void countsAcceptedRequestsPerPath() {
        get(sim, "/appointments");
        get(sim, "/appointments/abc");
        get(sim, "/clients");
        assertEquals(3, sim.acceptedRequests());
        assertEquals(2, sim.requestsForPath("/api/v1/appointments"));
        assertEquals(2, sim.requestsForPath("/appointments"));
        assertEquals(1, sim.requestsForPath("/api/v1/clients"));
        sim.resetCounters();
        assertEquals(0, sim.acceptedRequests());
        assertEquals(0, sim.requestsForPath("/"));
    }

    private static List<String> idsOf(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(a -> ids.add(a.get("Id").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
