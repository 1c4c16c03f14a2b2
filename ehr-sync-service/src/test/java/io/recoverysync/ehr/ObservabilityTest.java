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

    @jakarta.inject.Inject
    io.recoverysync.ehr.repository.NoteQueueRepository queue;

    @jakarta.inject.Inject
    io.recoverysync.ehr.config.EhrSyncConfig config;

    @Test
    void theQueueDepthIsCountedAtStartSoTheFirstScrapeIsARealNumber() {
        long completed = queue.countByStatus().await().atMost(Duration.ofSeconds(5)).getOrDefault("completed", 0L);
        assertTrue(completed >= 1, "the warm-up note is stored");
        // a gauge as a fresh start makes it: start-up, then the very first read
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.recoverysync.ehr.service.QueueDepthGauge gauge = new io.recoverysync.ehr.service.QueueDepthGauge(queue, registry, config);
        gauge.onStart(null);
        double first = registry.get("ehr.queue.depth").tag("status", "completed").gauge().value();
        assertTrue(first >= completed, "first read " + first + ", queue holds " + completed);
    }

    @Test
    void startUpLogsNoEmitterError() throws java.io.IOException {
        java.nio.file.Path log = java.nio.file.Path.of("target", "quarkus-test.log");
        assertTrue(java.nio.file.Files.exists(log), "the test log file is written");
        String all = java.nio.file.Files.readString(log);
        // the file is appended to: this JVM's start is its last migration of the (fresh) test database
        int start = all.lastIndexOf("1 - ehr queue");
        assertTrue(start >= 0, "the log holds the start-up");
        String text = all.substring(start);
        assertTrue(text.contains("Installed features"), "the log holds the whole start-up");
        assertTrue(!text.contains("SRMSG00019"), "an emitter used before its channel was connected");
    }
}
