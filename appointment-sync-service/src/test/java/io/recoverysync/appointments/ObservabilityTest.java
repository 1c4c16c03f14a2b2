package io.recoverysync.appointments;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Readiness names its Kafka and database checks; the OpenAPI document is served. (Metrics: AppointmentSyncTest, QuotaBudgetTest.) */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class ObservabilityTest {

    @Test
    void readinessIncludesKafkaAndTheReactiveDatasource() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("SmallRye Reactive Messaging - readiness check",
                        "Reactive PostgreSQL connections health check"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        hasKey("sync-commands-patient")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        given().get("/q/openapi").then().statusCode(401); // the API description is for authenticated callers
        given().auth().oauth2(TestTokens.DEFAULT.ops()).queryParam("format", "json").get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("appointment-sync-service"))
                .body("paths", hasKey("/internal/quota"));
    }
}
