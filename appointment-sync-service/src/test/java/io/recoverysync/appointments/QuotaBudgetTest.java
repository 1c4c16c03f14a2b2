package io.recoverysync.appointments;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.appointments.client.Lane;
import io.recoverysync.appointments.client.QuotaBudget;
import io.recoverysync.appointments.client.SyncFailure;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared budget's rules, checked against its PostgreSQL row: slot spacing, the daily cap, the global pause. */
@QuarkusTest
@TestProfile(QuotaBudgetTest.SmallBudget.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class QuotaBudgetTest {

    /** 600 requests/minute (a slot every 0.1 s, no headroom) and 5 a day. */
    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("appointment-sync.intakeq.requests-per-minute", "600",
                    "appointment-sync.intakeq.requests-per-day", "5",
                    "appointment-sync.intakeq.pacing-headroom", "0");
        }
    }

    @Inject
    QuotaBudget quota;

    @Inject
    Pool pool;

    @BeforeEach
    void freshBudget() {
        pool.query("UPDATE appointments.intakeq_quota SET day_count = 0, next_slot_at = now(), paused_until = NULL, rate_limited = 0")
                .execute().await().indefinitely();
    }

    @Test
    void slotsAreSpacedByTheRateAndTheDailyCapEndsWithQuotaExhausted() {
        Instant before = Instant.now();
        for (int i = 0; i < 5; i++) {
            quota.acquire(Lane.NIGHTLY).await().atMost(Duration.ofSeconds(5));
        }
        QuotaBudget.Status status = quota.status().await().indefinitely();
        assertEquals(5, status.usedToday());
        assertEquals(0, status.remainingToday());
        // five reservations moved the shared next slot five intervals (5 x 0.1 s) past the first one
        assertTrue(!status.nextSlotAt().isBefore(before.plusMillis(450)), "next slot " + status.nextSlotAt());

        SyncFailure failure = assertThrows(SyncFailure.class,
                () -> quota.acquire(Lane.PATIENT).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ReasonCode.QUOTA_EXHAUSTED, failure.reason());
    }

    @Test
    void theRemainingDailyBudgetIsAGauge() {
        for (int i = 0; i < 3; i++) {
            quota.acquire(Lane.PATIENT).await().atMost(Duration.ofSeconds(5));
        }
        // a scrape answers the cached value and refreshes it when stale (max age 0.2 s in tests)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2.0, PrometheusText.sum(
                given().get("/q/metrics").then().statusCode(200).extract().asString(), "intakeq_quota_remaining")));
    }

    @Test
    void aRateLimitPausesEveryLaneUntilRetryAfter() {
        quota.pauseFor(Duration.ofSeconds(30)).await().indefinitely();
        QuotaBudget.Status status = quota.status().await().indefinitely();
        assertEquals(1, status.rateLimitedResponses());
        assertTrue(status.pausedUntil().isAfter(Instant.now().plusSeconds(25)));
        // the nightly lane may only reserve a slot that is nearly due: while paused it keeps waiting
        AtomicBoolean granted = new AtomicBoolean();
        Cancellable waiting = quota.acquire(Lane.NIGHTLY).subscribe().with(ok -> granted.set(true), failed -> granted.set(true));
        try {
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !granted.get());
        } finally {
            waiting.cancel();
        }
        assertEquals(0, quota.status().await().indefinitely().usedToday(), "no slot taken while paused");
    }
}
