package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
import io.recoverysync.testsupport.TestTokens;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Readiness names its Kafka and database checks, the OpenAPI document is served, note latency and queue depth are metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class ObservabilityTest {

    @BeforeEach
    void setUp() {
        EhrbaseSimulatorResource.simulator().resetFaults();
        Notes.warmUp();
    }

    @Test
    void readinessIncludesKafkaAndTheReactiveDatasource() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check",
                        "Reactive PostgreSQL connections health check"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        hasKey("ehr-notes")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        given().get("/q/openapi").then().statusCode(401); // the API description is for authenticated callers
        given().auth().oauth2(TestTokens.DEFAULT.ops()).queryParam("format", "json").get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("ehr-sync-service"))
                .body("paths", hasKey("/api/ehr/soap-notes"));
    }

    @Test
    void aStoredNoteIsTimedAndCountedInTheQueueDepth() {
        double timedBefore = orZero(PrometheusText.sum(metrics(), "ehr_note_to_composition_seconds_count"));
        UUID noteId = UUID.randomUUID();
        Notes.sign(Notes.note(noteId, 1, UUID.randomUUID())).then().statusCode(202);
        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = metrics();
            assertTrue(PrometheusText.sum(after, "ehr_note_to_composition_seconds_count") >= timedBefore + 1,
                    "the stored note is timed");
            // a note stored within seconds falls in the 10 s bucket
            assertTrue(PrometheusText.sum(after, "ehr_note_to_composition_seconds_bucket", "le=10.0") >= timedBefore + 1);
            assertTrue(PrometheusText.sum(after, "ehr_queue_depth", "status=completed") >= 1, "queue depth by status");
            assertTrue(PrometheusText.sum(after, "ehr_queue_depth", "status=pending") >= 0);
        });
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
