package io.recoverysync.synclog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.OperationsEndpoints;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
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
        OperationsEndpoints.assertReady("sync-results", Runs.TIMEOUT);
    }

    @Test
    void openApiDocumentDescribesTheService() {
        OperationsEndpoints.assertOpenApi("sync-log-service", "/api/sync-logs/{id}/progress");
    }

    @Test
    void endedRunsAndCountedPatientsAppearInMetrics() {
        String before = OperationsEndpoints.metrics();
        double runsBefore = PrometheusText.sumOrZero(before, "sync_runs_total", "status=partial_success", "type=manual_bulk");
        double okBefore = PrometheusText.sumOrZero(before, "sync_patients_synced_total", "source=appointments", "outcome=succeeded");
        double failedBefore = PrometheusText.sumOrZero(before, "sync_patients_synced_total", "source=appointments", "outcome=failed");

        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        SyncResult ok = SyncEvents.succeeded(run, org, UUID.randomUUID(), 1, 0, 0, 0);
        events.send(SyncEvents.runStarted(run, org, 2));
        events.send(ok);
        events.send(ok); // a redelivery is not a second patient
        events.send(SyncEvents.failed(run, org, UUID.randomUUID(), ReasonCode.PATIENT_NO_EMAIL, "no email in roster"));
        Runs.awaitStatus(run, "partial_success");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = OperationsEndpoints.metrics();
            assertTrue(PrometheusText.sum(after, "sync_runs_total", "status=partial_success", "type=manual_bulk")
                    >= runsBefore + 1, "sync_runs_total counts the ended run");
            assertEquals(okBefore + 1, PrometheusText.sum(after, "sync_patients_synced_total", "source=appointments",
                    "outcome=succeeded"), "the redelivered result is not counted twice");
            assertEquals(failedBefore + 1, PrometheusText.sum(after, "sync_patients_synced_total", "source=appointments",
                    "outcome=failed"));
        });
    }
}
