package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.getWithKey;
import static io.recoverysync.simulator.intakeq.SimHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

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
    void seed() {
        sim.clear();
        sim.addPractitioner("p1", "Jane Smith", "jane@example.org");
        sim.addPractitioner("p2", "Omar Al Haddad", "omar@example.org");
        sim.addClient(1, "Ada Example", "ada@example.org", "(555) 010-0000");
    }

    @Test
    void listsPractitionersAndTheLocationsAndServicesAppointmentsUse() {
        SimAppointment a = sim.addAppointment(1, "p1", BASE, 50, "Initial Consultation", "Main Office", null);
        sim.addAppointment(1, "p2", BASE.plusSeconds(3600), 30, "Check-in", "Telehealth", "https://example.invalid/s");
        sim.addAppointment(1, "p1", BASE.plusSeconds(7200), 45, "Initial Consultation", "Main Office", null);

        HttpResponse<String> r = get(sim, "/appointments/settings");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode settings = json(r);
        assertEquals(List.of("Locations", "Services", "Practitioners"), fieldNames(settings));

        JsonNode locations = settings.get("Locations");
        assertEquals(2, locations.size());
        assertEquals("Main Office", locations.get(0).get("Name").asText());
        assertEquals("Telehealth", locations.get(1).get("Name").asText());
        assertEquals(List.of("Id", "Name", "Address"), fieldNames(locations.get(0)));
        assertTrue(locations.get(0).get("Address").isTextual());

        JsonNode services = settings.get("Services");
        assertEquals(2, services.size());
        assertEquals(List.of("Id", "Name", "Duration", "Price"), fieldNames(services.get(0)));
        assertEquals("Initial Consultation", services.get(0).get("Name").asText());
        assertEquals(50, services.get(0).get("Duration").asInt(), "duration of the first appointment using it");
        assertEquals(30, services.get(1).get("Duration").asInt());
        assertTrue(services.get(0).get("Price").isNumber());

        JsonNode practitioners = settings.get("Practitioners");
        assertEquals(2, practitioners.size());
        JsonNode omar = practitioners.get(1);
        assertEquals(List.of("Id", "CompleteName", "FirstName", "LastName", "Email"), fieldNames(omar));
        assertEquals("p2", omar.get("Id").asText());
        assertEquals("Omar Al Haddad", omar.get("CompleteName").asText());
        assertEquals("Omar", omar.get("FirstName").asText());
        assertEquals("Al Haddad", omar.get("LastName").asText());
        assertEquals("omar@example.org", omar.get("Email").asText());

        // The ids are the ones appointments carry, so a client can join on them.
        JsonNode appointment = json(get(sim, "/appointments/" + a.id()));
        assertEquals(appointment.get("LocationId"), locations.get(0).get("Id"));
        assertEquals(appointment.get("ServiceId"), services.get(0).get("Id"));
        assertEquals(appointment.get("PractitionerId"), practitioners.get(0).get("Id"));
    }

    @Test
    void idsAreStableAcrossCallsAndDeletes() {
        SimAppointment a = sim.addAppointment(1, "p1", BASE, 50, "S", "Main Office", null);
        String first = get(sim, "/appointments/settings").body();
        sim.delete(a.id());
        assertEquals(first, get(sim, "/appointments/settings").body(), "a delete does not remove a location");
        assertEquals(first, get(sim, "/appointments/settings/").body(), "trailing slash");
    }

    @Test
    void locationIdFollowsTheNumberSwitch() {
        sim.addAppointment(1, "p1", BASE, 50, "S", "Main Office", null);
        assertTrue(json(get(sim, "/appointments/settings")).get("Locations").get(0).get("Id").isTextual());
        sim.setLocationIdAsNumber(true);
        assertTrue(json(get(sim, "/appointments/settings")).get("Locations").get(0).get("Id").isInt());
    }

    @Test
    void emptyPracticeHasEmptyLists() {
        sim.clear();
        JsonNode settings = json(get(sim, "/appointments/settings"));
        assertEquals(0, settings.get("Locations").size());
        assertEquals(0, settings.get("Services").size());
        assertEquals(0, settings.get("Practitioners").size());
    }

    @Test
    void authenticatedCountedAndNotConfusedWithAnId() {
        assertEquals(401, getWithKey(sim, "/appointments/settings", null).statusCode());
        assertEquals(0, sim.acceptedRequests());
        get(sim, "/appointments/settings");
        get(sim, "/appointments/SETTINGS");
        assertEquals(2, sim.acceptedRequests());
        assertEquals(2, sim.settingsRequests());
        assertEquals(0, sim.byIdRequests());
        HttpResponse<String> post = SimHttp.api(sim, "POST", "/appointments/settings");
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void consumesQuotaLikeAnyApiRequest() {
        try (IntakeQSimulator limited = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(1, 0))) {
            assertEquals(200, get(limited, "/appointments/settings").statusCode());
            assertEquals(429, get(limited, "/appointments/settings").statusCode());
            assertEquals(429, get(limited, "/appointments").statusCode());
        }
    }

    @Test
    void injectedAppointmentFaultsAreLeftForAppointmentReads() {
        sim.failNext(1, 503);
        sim.malformedNext(1);
        assertEquals(200, get(sim, "/appointments/settings").statusCode());
        json(get(sim, "/appointments/settings"));
        assertEquals(503, get(sim, "/appointments").statusCode());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
