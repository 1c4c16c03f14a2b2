package io.recoverysync.scheduler;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.OperationsEndpoints;
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
        OperationsEndpoints.assertReady("sync-runs-ended", Duration.ofSeconds(30));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        OperationsEndpoints.assertOpenApi("sync-scheduler", "/api/partner-dashboard/patients/sync-all");
    }

    @Test
    void aBulkRefreshIsCountedWithItsCommands() {
        String before = OperationsEndpoints.metrics();
        double runs = PrometheusText.sumOrZero(before, "sync_runs_started_total", "type=manual_bulk");
        double commands = PrometheusText.sumOrZero(before, "sync_commands_published_total", "type=manual_bulk");
        UUID org = SchedulerTestSupport.organization(pool, "Counted Center");
        SchedulerTestSupport.patients(pool, org, 4);

        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(202);

        String after = OperationsEndpoints.metrics();
        assertEquals(runs + 1, PrometheusText.sum(after, "sync_runs_started_total", "type=manual_bulk"));
        assertEquals(commands + 4, PrometheusText.sum(after, "sync_commands_published_total", "type=manual_bulk"));
    }
}
