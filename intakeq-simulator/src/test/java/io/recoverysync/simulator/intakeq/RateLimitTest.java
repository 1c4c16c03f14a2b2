package io.recoverysync.simulator.intakeq;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.getWithKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitTest {

    private static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");

    @Test
    void fourthRequestInAMinuteIs429WithoutRetryAfterByDefault() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(3, 500))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, get(sim, "/appointments").statusCode());
            }
            HttpResponse<String> limited = get(sim, "/appointments");
            assertEquals(429, limited.statusCode());
            assertEquals("Too Many Requests", limited.body());
            assertEquals(Optional.empty(), limited.headers().firstValue("Retry-After"));
            assertEquals(3, sim.acceptedRequests());
            assertEquals(1, sim.rateLimitedRequests());
        }
    }

    @Test
    void autoRetryAfterIsSecondsUntilTheWindowFreesASlot() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(T0);
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(3, 500), clock)) {
            sim.setRetryAfter(RetryAfter.AUTO);
            get(sim, "/appointments");
            clock.advance(Duration.ofSeconds(10));
            get(sim, "/appointments");
            get(sim, "/appointments");
            clock.advance(Duration.ofMillis(500));
            HttpResponse<String> limited = get(sim, "/appointments");
            assertEquals(429, limited.statusCode());
            // Oldest accepted at T0 frees at T0+60s; now is T0+10.5s -> 49.5s, rounded up.
            assertEquals("50", limited.headers().firstValue("Retry-After").orElseThrow());

            clock.advance(Duration.ofMillis(49_500));
            assertEquals(200, get(sim, "/appointments").statusCode(), "sliding window admits once the oldest expires");
            assertEquals(429, get(sim, "/appointments").statusCode());
        }
    }

    @Test
    void fixedRetryAfterAndSwitchingBackToNone() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(1, 0))) {
            sim.setRetryAfterSeconds(7);
            get(sim, "/appointments");
            assertEquals("7", get(sim, "/appointments").headers().firstValue("Retry-After").orElseThrow());
            sim.setRetryAfter(RetryAfter.NONE);
            HttpResponse<String> limited = get(sim, "/appointments");
            assertEquals(429, limited.statusCode());
            assertTrue(limited.headers().firstValue("Retry-After").isEmpty());
        }
    }

    @Test
    void rejectedRequestsDoNotConsumeBudget() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(T0);
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(2, 500), clock)) {
            get(sim, "/appointments");
            get(sim, "/appointments");
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(5));
                assertEquals(429, get(sim, "/appointments").statusCode());
            }
            clock.advance(Duration.ofSeconds(35)); // T0+60s: both accepted requests have left the window
            assertEquals(200, get(sim, "/appointments").statusCode());
            assertEquals(200, get(sim, "/appointments").statusCode());
            assertEquals(4, sim.acceptedRequests());
            assertEquals(5, sim.rateLimitedRequests());
        }
    }

    @Test
    void dailyCapResetsAtUtcMidnight() {
        SimHttp.MutableClock clock = new SimHttp.MutableClock(Instant.parse("2026-03-10T23:58:00Z"));
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 2), clock)) {
            sim.setRetryAfter(RetryAfter.AUTO);
            get(sim, "/appointments");
            get(sim, "/clients");
            HttpResponse<String> limited = get(sim, "/appointments");
            assertEquals(429, limited.statusCode());
            assertEquals("120", limited.headers().firstValue("Retry-After").orElseThrow());
            clock.advance(Duration.ofMinutes(2));
            assertEquals(200, get(sim, "/appointments").statusCode());
        }
    }

    @Test
    void unauthenticatedRequestsNeitherCountNorGetRateLimited() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(1, 1))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, getWithKey(sim, "/appointments", "bad").statusCode());
            }
            assertEquals(200, get(sim, "/appointments").statusCode());
            assertEquals(429, get(sim, "/appointments").statusCode());
            assertEquals(401, getWithKey(sim, "/appointments", null).statusCode(), "auth is checked first");
        }
    }

    @Test
    void limitsAreAdjustableAndResetCountersRestoresBudget() {
        try (IntakeQSimulator sim = IntakeQSimulator.start(SimulatorConfig.defaults())) {
            sim.setRateLimit(1, 0);
            get(sim, "/appointments");
            assertEquals(429, get(sim, "/appointments").statusCode());
            sim.resetCounters();
            assertEquals(0, sim.rateLimitedRequests());
            assertEquals(200, get(sim, "/appointments").statusCode());
            sim.setRateLimit(0, 0);
            for (int i = 0; i < 20; i++) {
                assertEquals(200, get(sim, "/appointments").statusCode());
            }
        }
    }
}
