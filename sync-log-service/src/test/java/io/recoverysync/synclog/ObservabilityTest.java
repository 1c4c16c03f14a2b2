package io.recoverysync.synclog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
import io.recoverysync.testsupport.TestTokens;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readiness names its Kafka and database checks, the OpenAPI document is served, run metrics count what ended. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class ObservabilityTest extends WithSyncEvents {

    @Test
    void readinessIncludesKafkaAndTheReactiveDatasource() {
        await().atMost(Runs.TIMEOUT).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check",
                        "Reactive PostgreSQL connections health check"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        hasKey("sync-results")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        given().get("/q/openapi").then().statusCode(401); // the API description is for authenticated callers
        given().auth().oauth2(TestTokens.DEFAULT.ops()).queryParam("format", "json").get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("sync-log-service"))
                .body("paths", hasKey("/api/sync-logs/{id}"));
    }

    @Test
    void endedRunsAndCountedPatientsAppearInMetrics() {
        String before = metrics();
        double runsBefore = orZero(PrometheusText.sum(before, "sync_runs_total", "status=partial_success", "type=manual_bulk"));
        double okBefore = orZero(PrometheusText.sum(before, "sync_patients_synced_total", "source=appointments", "outcome=succeeded"));
        double failedBefore = orZero(PrometheusText.sum(before, "sync_patients_synced_total", "source=appointments", "outcome=failed"));

        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        SyncResult ok = SyncEvents.succeeded(run, org, UUID.randomUUID(), 1, 0, 0, 0);
        events.send(SyncEvents.runStarted(run, org, 2));
        events.send(ok);
        events.send(ok); // a redelivery is not a second patient
        events.send(SyncEvents.failed(run, org, UUID.randomUUID(), ReasonCode.PATIENT_NO_EMAIL, "no email in roster"));
        Runs.awaitStatus(run, "partial_success");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = metrics();
            assertTrue(PrometheusText.sum(after, "sync_runs_total", "status=partial_success", "type=manual_bulk")
                    >= runsBefore + 1, "sync_runs_total counts the ended run");
            assertEquals(okBefore + 1, PrometheusText.sum(after, "sync_patients_synced_total", "source=appointments",
                    "outcome=succeeded"), "the redelivered result is not counted twice");
            assertEquals(failedBefore + 1, PrometheusText.sum(after, "sync_patients_synced_total", "source=appointments",
                    "outcome=failed"));
        });
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
