package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.recoverysync.simulator.intakeq.SimHttp.admin;
import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.getWithKey;
import static io.recoverysync.simulator.intakeq.SimHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StormAndOutageTest {

    private static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");

    @Test
    void stormAnswers429WithoutRetryAfterUntilItEnds() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(T0);
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0), clock)) {
            sim.rateLimitFor(Duration.ofSeconds(30), RetryAfter.NONE);
            for (String path : new String[] {"/appointments", "/appointments/x", "/appointments/settings", "/clients"}) {
                HttpResponse<String> r = get(sim, path);
                assertEquals(429, r.statusCode(), path);
                assertEquals("Too Many Requests", r.body());
                assertTrue(r.headers().firstValue("Retry-After").isEmpty(), path);
            }
            assertEquals(401, getWithKey(sim, "/appointments", null).statusCode(), "auth is still checked first");
            clock.advance(Duration.ofSeconds(29).plusMillis(999));
            assertEquals(429, get(sim, "/appointments").statusCode());
            clock.advance(Duration.ofMillis(1));
            assertEquals(200, get(sim, "/appointments").statusCode(), "the storm ends on the simulator's clock");
            assertEquals(5, sim.rateLimitedRequests());
            assertEquals(1, sim.acceptedRequests());
            assertEquals(0, sim.failedInjectedRequests());
        }
    }

    @Test
    void autoRetryAfterIsTheStormsRemainingSeconds() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(T0);
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0), clock)) {
            sim.rateLimitFor(Duration.ofSeconds(30), RetryAfter.AUTO);
            assertEquals("30", get(sim, "/appointments").headers().firstValue("Retry-After").orElseThrow());
            clock.advance(Duration.ofMillis(10_500));
            assertEquals("20", get(sim, "/appointments").headers().firstValue("Retry-After").orElseThrow(),
                    "19.5 s left, rounded up");
            clock.advance(Duration.ofMillis(19_400));
            assertEquals("1", get(sim, "/appointments").headers().firstValue("Retry-After").orElseThrow());
        }
    }

    @Test
    void fixedRetryAfter() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0))) {
            sim.rateLimitFor(Duration.ofMinutes(5), 7);
            assertEquals("7", get(sim, "/appointments").headers().firstValue("Retry-After").orElseThrow());
            assertThrows(IllegalArgumentException.class, () -> sim.rateLimitFor(Duration.ofMinutes(1), -1));
        }
    }

    @Test
    void stormConsumesNoQuota() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(T0);
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(2, 2), clock)) {
            sim.rateLimitFor(Duration.ofSeconds(10), RetryAfter.NONE);
            for (int i = 0; i < 10; i++) {
                assertEquals(429, get(sim, "/appointments").statusCode());
            }
            clock.advance(Duration.ofSeconds(10));
            assertEquals(200, get(sim, "/appointments").statusCode());
            assertEquals(200, get(sim, "/appointments").statusCode(), "the full budget is left after the storm");
            assertEquals(429, get(sim, "/appointments").statusCode(), "then the normal quota applies");
        }
    }

    @Test
    void outageAnswersTheStatusOnEveryPathForItsDuration() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(T0);
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(1, 0), clock)) {
            sim.unavailableFor(Duration.ofMinutes(2), 503);
            HttpResponse<String> r = get(sim, "/appointments");
            assertEquals(503, r.statusCode());
            assertEquals("Service Unavailable", r.body());
            assertEquals(503, get(sim, "/clients").statusCode());
            assertEquals(503, get(sim, "/appointments/settings").statusCode());
            assertEquals(3, sim.failedInjectedRequests());
            assertEquals(0, sim.acceptedRequests(), "no quota consumed: a 1/min limit is still untouched");
            clock.advance(Duration.ofMinutes(2));
            assertEquals(200, get(sim, "/appointments").statusCode());

            sim.unavailableFor(Duration.ofMinutes(1), 502);
            assertEquals(502, get(sim, "/appointments").statusCode());
            assertThrows(IllegalArgumentException.class, () -> sim.unavailableFor(Duration.ofMinutes(1), 429));
        }
    }

    @Test
    void stormWinsOverOutageAndCalmEndsBoth() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0))) {
            sim.unavailableFor(Duration.ofHours(1), 503);
            sim.rateLimitFor(Duration.ofHours(1), RetryAfter.NONE);
            assertEquals(429, get(sim, "/appointments").statusCode());
            sim.rateLimitFor(Duration.ZERO, RetryAfter.NONE);
            assertEquals(503, get(sim, "/appointments").statusCode(), "ending the storm leaves the outage");
            sim.rateLimitFor(Duration.ofHours(1), RetryAfter.AUTO);
            sim.calm();
            assertEquals(200, get(sim, "/appointments").statusCode());
        }
    }

    @Test
    void clearEndsStormsAndOutages() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0))) {
            sim.rateLimitFor(Duration.ofHours(1), RetryAfter.NONE);
            sim.unavailableFor(Duration.ofHours(1), 503);
            sim.clear();
            assertEquals(200, get(sim, "/appointments").statusCode());
        }
    }

    @Test
    void adminEndpointsStartAndEndStormsAndOutages() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(T0);
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0), clock)) {
            HttpResponse<String> started = admin(sim, "POST", "/_sim/storm?seconds=60&retryAfter=auto");
            assertEquals(200, started.statusCode());
            assertEquals(T0.plusSeconds(60).toString(), json(started).get("stormUntil").asText());
            assertEquals("60", get(sim, "/appointments").headers().firstValue("Retry-After").orElseThrow());

            admin(sim, "POST", "/_sim/storm?seconds=60&retryAfter=12");
            assertEquals("12", get(sim, "/appointments").headers().firstValue("Retry-After").orElseThrow());
            admin(sim, "POST", "/_sim/storm?seconds=60");
            assertTrue(get(sim, "/appointments").headers().firstValue("Retry-After").isEmpty(), "none by default");

            JsonNode calm = json(admin(sim, "POST", "/_sim/calm"));
            assertTrue(calm.get("stormUntil").isNull());
            assertEquals(200, get(sim, "/appointments").statusCode());

            JsonNode outage = json(admin(sim, "POST", "/_sim/outage?seconds=30"));
            assertEquals(503, outage.get("outageStatus").asInt(), "503 by default");
            assertEquals(503, get(sim, "/appointments").statusCode());
            admin(sim, "POST", "/_sim/outage?seconds=30&status=500");
            assertEquals(500, get(sim, "/appointments").statusCode());
            clock.advance(Duration.ofSeconds(30));
            assertTrue(json(admin(sim, "GET", "/_sim/stats")).get("outageUntil").isNull());
            assertEquals(200, get(sim, "/appointments").statusCode());

            assertEquals(400, admin(sim, "POST", "/_sim/storm").statusCode());
            assertEquals(400, admin(sim, "POST", "/_sim/storm?seconds=10&retryAfter=soon").statusCode());
            assertEquals(400, admin(sim, "POST", "/_sim/outage?seconds=10&status=429").statusCode());
            assertEquals(400, admin(sim, "POST", "/_sim/outage?seconds=0").statusCode());
            assertEquals(405, admin(sim, "GET", "/_sim/calm").statusCode());
            assertEquals(200, get(sim, "/appointments").statusCode(), "rejected admin calls change nothing");
        }
    }
}
