package io.recoverysync.ehr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.OperationsEndpoints;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readiness names its Kafka and database checks, the OpenAPI document is served, note latency and queue depth are metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class ObservabilityTest extends WithEhrbase {

    @Test
    void readinessIncludesKafkaAndTheReactiveDatasource() {
        OperationsEndpoints.assertReady("ehr-notes", Duration.ofSeconds(30));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        OperationsEndpoints.assertOpenApi("ehr-sync-service", "/api/ehr/soap-notes");
    }

    @Test
    void aStoredNoteIsTimedAndCountedInTheQueueDepth() {
        String before = OperationsEndpoints.metrics();
        double timedBefore = PrometheusText.sumOrZero(before, "ehr_note_to_composition_seconds_count");
        // other tests' notes may have waited longer (an outage, a drain): compare this bucket with itself
        double fastBefore = PrometheusText.sumOrZero(before, "ehr_note_to_composition_seconds_bucket", "le=10.0");
        UUID noteId = UUID.randomUUID();
        Notes.sign(Notes.note(noteId, 1, Notes.patient())).then().statusCode(202);
        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = OperationsEndpoints.metrics();
            assertTrue(PrometheusText.sum(after, "ehr_note_to_composition_seconds_count") >= timedBefore + 1,
                    "the stored note is timed");
            // a note stored within seconds falls in the 10 s bucket
            assertTrue(PrometheusText.sum(after, "ehr_note_to_composition_seconds_bucket", "le=10.0") >= fastBefore + 1);
            assertTrue(PrometheusText.sum(after, "ehr_queue_depth", "status=completed") >= 1, "queue depth by status");
            assertTrue(PrometheusText.sum(after, "ehr_queue_depth", "status=pending") >= 0);
        });
    }
}
