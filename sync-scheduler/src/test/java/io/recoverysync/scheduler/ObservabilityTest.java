package io.recoverysync.scheduler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
import io.recoverysync.testsupport.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readiness names its Kafka and database checks, the OpenAPI document is served, fan-outs are counted. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class ObservabilityTest {
    @Inject
    Pool pool;

    @Test
    void readinessIncludesKafkaAndTheReactiveDatasource() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check",
                        "Reactive PostgreSQL connections health check"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        hasKey("sync-runs-ended")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        given().get("/q/openapi").then().statusCode(401); // the API description is for authenticated callers
        given().auth().oauth2(TestTokens.DEFAULT.ops()).queryParam("format", "json").get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("sync-scheduler"))
                .body("paths", hasKey("/api/partner-dashboard/patients/sync-all"));
    }

    @Test
    void aBulkRefreshIsCountedWithItsCommands() {
        String before = metrics();
        double runs = orZero(PrometheusText.sum(before, "sync_runs_started_total", "type=manual_bulk"));
        double commands = orZero(PrometheusText.sum(before, "sync_commands_published_total", "type=manual_bulk"));
        UUID org = SchedulerTestSupport.organization(pool, "Counted Center");
        SchedulerTestSupport.patients(pool, org, 4);

        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(202);

        String after = metrics();
        assertEquals(runs + 1, PrometheusText.sum(after, "sync_runs_started_total", "type=manual_bulk"));
        assertEquals(commands + 4, PrometheusText.sum(after, "sync_commands_published_total", "type=manual_bulk"));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
