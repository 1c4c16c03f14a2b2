package io.recoverysync.ehr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.contracts.kafka.ContractSerializer;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.recoverysync.ehr.service.SignedNote;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TopicReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Per-patient EHR commands on sync.commands drain that patient's pending notes now (back-off waived) and answer
 * with one SyncResult in the command's run; appointment commands are left alone.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class CommandDrainTest extends WithEhrbase {

    @Inject
    NoteQueueRepository queue;

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void ehrCommandDrainsThePatientsBackedOffNotes() throws IOException {
        UUID patient = Notes.patient();
        UUID noteId = UUID.randomUUID();
        UUID queueId = backedOffNote(patient, noteId);
        UUID runId = UUID.randomUUID();
        SyncCommand command = new SyncCommand(MessageIds.command(runId, patient), SyncCommand.VERSION, runId, SyncType.EHR,
                Notes.ORGANIZATION, patient, Instant.now());
        publish(command);

        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(10));
        List<ConsumerRecord<String, String>> results = TopicReader.read(bootstrap, Topics.SYNC_RESULTS,
                recs -> recs.stream().anyMatch(r -> r.key().equals(runId.toString())), Duration.ofSeconds(10));
        JsonNode result = ContractJson.mapper().readTree(results.stream().filter(r -> r.key().equals(runId.toString()))
                .findFirst().orElseThrow().value());
        assertEquals(MessageIds.result(command.messageId(), "ehr").toString(), result.get("messageId").asText());
        assertEquals("ehr", result.get("source").asText());
        assertEquals("succeeded", result.get("status").asText());
        assertEquals(patient.toString(), result.get("patientId").asText());
        assertEquals("1 note(s) synced, 0 failed, 0 retrying", result.get("detail").asText());
        // reported in the command's run, so the batch reporter leaves it alone
        UUID reportedRun = pool.preparedQuery("SELECT run_id FROM ehr.ehrbase_sync_queue WHERE id = $1")
                .execute(Tuple.of(queueId)).map(rows -> rows.iterator().next().getUUID("run_id"))
                .await().atMost(Duration.ofSeconds(5));
        assertEquals(runId, reportedRun);
    }

    @Test
    void anEhrRunOnRequestDrainsTheOrganizationsWaitingNotesWithItsOwnRun() throws IOException {
        UUID first = Notes.patient();
        UUID second = Notes.patient();
        UUID noteA = UUID.randomUUID();
        UUID noteB = UUID.randomUUID();
        backedOffNote(first, noteA);
        backedOffNote(second, noteB);
        String runId = io.restassured.RestAssured.given()
                .auth().oauth2(io.recoverysync.testsupport.TestTokens.DEFAULT.clinician(Notes.ORGANIZATION))
                .post("/api/ehr/runs")
                .then().statusCode(202)
                .body("organizationId", org.hamcrest.Matchers.equalTo(Notes.ORGANIZATION.toString()))
                .body("patientCount", org.hamcrest.Matchers.greaterThanOrEqualTo(2))
                .extract().path("syncLogId");
        Notes.awaitStatus(noteA, "completed", Duration.ofSeconds(10));
        Notes.awaitStatus(noteB, "completed", Duration.ofSeconds(10));

        List<ConsumerRecord<String, String>> runs = TopicReader.read(bootstrap, Topics.SYNC_RUNS,
                recs -> recs.stream().anyMatch(r -> r.key().equals(runId)), Duration.ofSeconds(10));
        JsonNode run = ContractJson.mapper().readTree(runs.stream().filter(r -> r.key().equals(runId)).findFirst()
                .orElseThrow().value());
        assertEquals("ehr", run.get("syncType").asText());
        assertEquals(true, run.get("triggeredBy").asText().startsWith("dashboard:clinician:"), run.toString());
        List<ConsumerRecord<String, String>> results = TopicReader.read(bootstrap, Topics.SYNC_RESULTS,
                recs -> recs.stream().filter(r -> r.key().equals(runId)).count() >= run.get("expectedPatients").asInt(),
                Duration.ofSeconds(15));
        List<String> patients = results.stream().filter(r -> r.key().equals(runId)).map(r -> {
            try {
                return ContractJson.mapper().readTree(r.value()).get("patientId").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(true, patients.containsAll(List.of(first.toString(), second.toString())), patients.toString());
        assertEquals(run.get("expectedPatients").asInt(), patients.size());

        io.restassured.RestAssured.given().auth().oauth2(io.recoverysync.testsupport.TestTokens.DEFAULT.ops())
                .post("/api/ehr/runs").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void appointmentCommandsAreIgnored() {
        UUID patient = Notes.patient();
        UUID noteId = UUID.randomUUID();
        backedOffNote(patient, noteId);
        UUID runId = UUID.randomUUID();
        publish(new SyncCommand(MessageIds.command(runId, patient), SyncCommand.VERSION, runId, SyncType.MANUAL_PATIENT,
                Notes.ORGANIZATION, patient, Instant.now()));

        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertEquals("pending", Notes.status(noteId).getString("status"));
        assertFalse(TopicReader.read(bootstrap, Topics.SYNC_RESULTS, recs -> false, Duration.ofSeconds(2)).stream()
                .anyMatch(r -> r.key().equals(runId.toString())));
        assertNull(Notes.status(noteId).getString("compositionUid"));
    }

    /** A note that failed once and waits an hour for its retry (no event, not due for the sweep). */
    private UUID backedOffNote(UUID patient, UUID noteId) {
        SignedNote n = new SignedNote(noteId, 1, patient, Notes.ORGANIZATION, null, "Dr Drain",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "S", "O", "A", "P");
        return queue.inTransaction(tx -> queue.insert(tx, new NoteQueueRepository.NewNote(noteId, 1, patient,
                                Notes.ORGANIZATION, n.signedAt(), null, n.providerName(), "S", "O", "A", "P", n.contentHash()))
                        .map(QueuedNote::id)
                        .call(id -> tx.preparedQuery("""
                                UPDATE ehr.ehrbase_sync_queue SET attempts = 1, retry_count = 1, last_http_status = 503,
                                    last_error = 'An internal error has occurred.', next_attempt_at = now() + interval '1 hour'
                                WHERE id = $1""").execute(Tuple.of(id))))
                .await().atMost(Duration.ofSeconds(5));
    }

    private void publish(SyncCommand command) {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap), new StringSerializer(), new ContractSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SYNC_COMMANDS, command.patientId().toString(), command));
            producer.flush();
        }
    }
}
