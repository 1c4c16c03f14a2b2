package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.recoverysync.simulator.intakeq.SimHttp.admin;
import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminAndDemoTest {

    @Test
    void statsRescheduleCancelAndReset() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(1, 0))) {
            sim.addPractitioner("p1", "Jane Smith", "jane@example.org");
            sim.addClient(1, "Ada Example", "ada@example.org", "(555) 010-0000");
            Instant start = Instant.parse("2026-01-01T10:00:00Z");
            String id = sim.addAppointment(1, "p1", start, 50, "S", "L", null).id();
            get(sim, "/appointments");
            get(sim, "/appointments");

            JsonNode stats = json(admin(sim, "GET", "/_sim/stats"));
            assertEquals(1, stats.get("accepted").asLong());
            assertEquals(1, stats.get("rateLimited").asLong());
            assertEquals(0, stats.get("failedInjected").asLong());
            assertEquals(1, stats.get("appointments").asInt());

            HttpResponse<String> moved = admin(sim, "POST", "/_sim/appointments/" + id + "/reschedule?minutes=90");
            assertEquals(200, moved.statusCode());
            assertEquals(start.plus(Duration.ofMinutes(90)).toEpochMilli(), json(moved).get("StartDate").asLong());
            assertEquals(start.plus(Duration.ofMinutes(140)), sim.appointment(id).end());

            HttpResponse<String> canceled = admin(sim, "POST", "/_sim/appointments/" + id + "/cancel");
            assertEquals("Canceled", json(canceled).get("Status").asText());
            assertEquals("Canceled", sim.appointment(id).status());

            assertEquals(404, admin(sim, "POST", "/_sim/appointments/nope/cancel").statusCode());
            assertEquals(400, admin(sim, "POST", "/_sim/appointments/" + id + "/reschedule").statusCode());
            assertEquals(405, admin(sim, "GET", "/_sim/reset-counters").statusCode());

            assertEquals(200, admin(sim, "POST", "/_sim/reset-counters").statusCode());
            assertEquals(0, sim.acceptedRequests());
            assertEquals(0, sim.rateLimitedRequests());
            assertEquals(200, get(sim, "/appointments").statusCode(), "admin calls never consume quota");
        }
    }

    @Test
    void demoDataSeedsAWorkingPractice() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0))) {
            DemoData.seed(sim);
            assertEquals(2, sim.practitioners().size());
            assertEquals(6, sim.clients().size());
            assertEquals(18, sim.appointments().size());
            Instant now = Instant.now();
            assertTrue(sim.appointments().stream().anyMatch(a -> a.start().isBefore(now)));
            assertTrue(sim.appointments().stream().anyMatch(a -> a.start().isAfter(now)));
            assertEquals(1, sim.appointments().stream().filter(a -> a.telehealthStartUrl() != null).count());

            JsonNode all = json(get(sim, "/appointments"));
            assertEquals(18, all.size());
            JsonNode forAda = json(get(sim, "/appointments?client=ada@example.org"));
            assertEquals(3, forAda.size());
            assertNotNull(json(get(sim, "/clients?includeProfile=true")).get(5).get("ClientId"));
        }
    }

    @Test
    void unknownRootPathsAre404() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults())) {
            assertEquals(404, admin(sim, "GET", "/nothing-here").statusCode());
            assertEquals(404, get(sim, "/unknown").statusCode());
            assertEquals(401, admin(sim, "POST", "/api/v1/appointments").statusCode(), "auth is checked first");
        }
    }
}
