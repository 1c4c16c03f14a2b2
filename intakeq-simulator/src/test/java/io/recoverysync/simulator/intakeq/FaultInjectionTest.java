package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultInjectionTest {

    private static IntakeQSimulator sim;
    private static String id;

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
        sim.addClient(1, "Ada Example", "ada@example.org", "(555) 010-0000");
        id = sim.addAppointment(1, "p1", Instant.parse("2026-01-01T10:00:00Z"), 50, "S", "L", null).id();
    }

    @Test
    void failNextAnswersTheStatusThenRecovers() {
        sim.failNext(2, 503);
        HttpResponse<String> first = get(sim, "/appointments");
        assertEquals(503, first.statusCode());
        assertEquals("Service Unavailable", first.body());
        assertEquals(503, get(sim, "/appointments/" + id).statusCode());
        assertEquals(200, get(sim, "/appointments").statusCode());
        assertEquals(2, sim.failedInjectedRequests());
        assertEquals(3, sim.acceptedRequests(), "injected failures still consume quota");
    }

    @Test
    void failNextDoesNotAffectClientsEndpoint() {
        sim.failNext(1, 500);
        assertEquals(200, get(sim, "/clients").statusCode());
        assertEquals(500, get(sim, "/appointments").statusCode());
    }

    @Test
    void malformedNextTruncatesJson() {
        sim.malformedNext(1);
        HttpResponse<String> broken = get(sim, "/appointments");
        assertEquals(200, broken.statusCode());
        assertThrows(JsonProcessingException.class, () -> SimHttp.MAPPER.readTree(broken.body()));
        assertTrue(SimHttp.json(get(sim, "/appointments")).isArray());
        assertEquals(1, sim.malformedInjectedRequests());
    }

    @Test
    void emptyNextAnswersAnEmptyListingWhileByIdStillAnswersTheTruth() {
        sim.emptyNext(1);
        assertEquals(0, SimHttp.json(get(sim, "/appointments")).size());
        assertEquals(200, get(sim, "/appointments/" + id).statusCode());
        assertEquals(1, SimHttp.json(get(sim, "/appointments")).size(), "only the next listing was empty");
    }

    @Test
    void latencyDelaysResponses() {
        sim.setLatency(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertEquals(200, get(sim, "/appointments").statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 280);
        sim.setLatency(Duration.ZERO);
    }
}
