package io.recoverysync.appointments;


import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.OperationsEndpoints;
import io.recoverysync.testsupport.PostgresResource;
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
        OperationsEndpoints.assertReady("sync-commands-patient", Duration.ofSeconds(30));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        OperationsEndpoints.assertOpenApi("appointment-sync-service", "/internal/quota");
    }
}
