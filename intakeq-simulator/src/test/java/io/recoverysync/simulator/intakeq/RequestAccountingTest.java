package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.recoverysync.simulator.intakeq.SimHttp.admin;
import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestAccountingTest {

    @Test
    void acceptedRequestsAreCountedByKind() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0))) {
            sim.addPractitioner("p1", "Jane Smith", "jane@example.org");
            sim.addClient(1, "Ada Example", "ada@example.org", "(555) 010-0000");
            Instant base = Instant.parse("2026-01-01T10:00:00Z");
            String id = null;
            for (int i = 0; i < 250; i++) {
                id = sim.addAppointment(1, "p1", base.plus(Duration.ofHours(i)), 50, "S", "L", null).id();
            }
            // One practice-wide read of 3 pages, the last one short.
            for (int page = 1; page <= 3; page++) {
                get(sim, "/appointments?startDate=2025-12-01&page=" + page);
            }
            get(sim, "/appointments?client=1");
            get(sim, "/appointments?client=ada@example.org&page=2");
            get(sim, "/appointments?client=");            // blank client: still practice-wide
            get(sim, "/appointments/" + id);
            get(sim, "/appointments/000000000000000000000000"); // 404, still a by-id read
            get(sim, "/appointments/settings");
            get(sim, "/clients?search=ada");
            get(sim, "/nothing");
            SimHttp.api(sim, "POST", "/appointments");

            assertEquals(4, sim.practiceListRequests());
            assertEquals(2, sim.clientListRequests());
            assertEquals(2, sim.byIdRequests());
            assertEquals(1, sim.settingsRequests());
            assertEquals(1, sim.clientsRequests());
            assertEquals(12, sim.acceptedRequests(), "the kinds plus 'other' add up to accepted");
            assertEquals(10, sim.requestsForPath("/appointments"), "the path-prefix counter still works (settings and the POST included)");

            JsonNode byKind = json(admin(sim, "GET", "/_sim/stats")).get("acceptedByKind");
            assertEquals(4, byKind.get("practiceList").asLong());
            assertEquals(2, byKind.get("clientList").asLong());
            assertEquals(2, byKind.get("byId").asLong());
            assertEquals(1, byKind.get("settings").asLong());
            assertEquals(1, byKind.get("clients").asLong());
            assertEquals(2, byKind.get("other").asLong());

            sim.resetCounters();
            assertEquals(0, sim.practiceListRequests());
            assertEquals(0, json(admin(sim, "GET", "/_sim/stats")).get("acceptedByKind").get("other").asLong());
        }
    }

    @Test
    void rejectedRequestsHaveNoKind() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(1, 0))) {
            get(sim, "/appointments");
            get(sim, "/appointments");
            SimHttp.getWithKey(sim, "/appointments", "wrong");
            assertEquals(1, sim.practiceListRequests());
            assertEquals(1, sim.rateLimitedRequests());
            assertEquals(1, sim.unauthorizedRequests());
        }
    }

    @Test
    void injectedFailuresStillCountAsTheirKind() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0))) {
            sim.failNext(1, 503);
            assertEquals(503, get(sim, "/appointments").statusCode());
            assertEquals(200, get(sim, "/appointments").statusCode());
            assertEquals(2, sim.practiceListRequests(), "a retried page is two requests against the quota");
        }
    }
}
