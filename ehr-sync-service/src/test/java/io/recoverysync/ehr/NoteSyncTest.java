package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.Topics;
import io.recoverysync.ehr.service.CompositionIds;
import io.recoverysync.simulator.ehrbase.SimComposition;
import io.recoverysync.simulator.ehrbase.SimVersion;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The fast path end to end on real Kafka, PostgreSQL and the EHRbase simulator: signing, idempotency, revisions
 * as versions, status, validation, the ids-only event and the EHR run reported to sync.runs / sync.results.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class NoteSyncTest extends WithEhrbase {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void signedNoteIsAStoredCompositionWithinTwoSeconds() {
        UUID noteId = UUID.randomUUID();
        UUID patient = Notes.patient();
        long started = System.nanoTime();
        Notes.sign(Notes.note(noteId, 1, patient)).then().statusCode(202)
                .contentType(ContentType.JSON)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/ehr/soap-notes/" + noteId))
                .body("status", equalTo("pending"))
                .body("duplicate", equalTo(false));

        JsonPath status = Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(2));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs < 2000, "took " + tookMs + " ms");

        String vouid = CompositionIds.versionedObjectUid(noteId).toString();
        String expectedUid = vouid + "::" + sim.systemId() + "::1";
        assertEquals(expectedUid, status.getString("compositionUid"));
        assertEquals(1, status.getInt("attempts"));
        SimComposition stored = sim.composition(vouid).orElseThrow();
        assertEquals(1, stored.versions().size());
        assertEquals(sim.ehrBySubject(patient.toString(), "recoverysync").orElseThrow().ehrId(), stored.ehrId());
        SimVersion v1 = stored.latest();
        assertEquals("Dr Jane Smith", v1.value("clinical_notes/composer|name"));
        assertEquals("Subjective", v1.value("clinical_notes/clinical_synopsis:0/_name|value"));
        assertTrue(v1.value("clinical_notes/clinical_synopsis:3/notes").startsWith("PHI-plan"));
        assertEquals("Plan", v1.value("clinical_notes/clinical_synopsis:3/_name|value"));
    }

    @Test
    void signingTheSameRevisionTwiceCreatesOneComposition() {
        UUID noteId = UUID.randomUUID();
        Map<String, Object> body = Notes.note(noteId, 1, Notes.patient());
        String firstId = Notes.sign(body).then().statusCode(202).extract().path("id");
        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(5));
        long posts = sim.requests("POST /ehr/{ehr_id}/composition ");

        Notes.sign(body).then().statusCode(202)
                .body("id", equalTo(firstId))
                .body("duplicate", equalTo(true))
                .body("status", equalTo("completed"));

        Map<String, Object> changed = new java.util.HashMap<>(body);
        changed.put("plan", "something else");
        Notes.sign(changed).then().statusCode(409).contentType("application/problem+json");

        String vouid = CompositionIds.versionedObjectUid(noteId).toString();
        assertEquals(1, sim.compositions().stream().filter(c -> c.uuid().equals(vouid)).count());
        assertEquals(1, sim.composition(vouid).orElseThrow().versions().size());
        assertEquals(posts, sim.requests("POST /ehr/{ehr_id}/composition "), "no second POST");
    }

    @Test
    void aNewRevisionBecomesVersionTwo() {
        UUID noteId = UUID.randomUUID();
        UUID patient = Notes.patient();
        Notes.sign(Notes.note(noteId, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(5));
        long puts204 = sim.requests("PUT /ehr/{ehr_id}/composition/{uid} 204");

        Map<String, Object> revised = Notes.note(noteId, 2, patient);
        revised.put("plan", "PHI-plan revised: add group therapy");
        Notes.sign(revised).then().statusCode(202).body("revision", equalTo(2));
        JsonPath status = Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(5));

        String vouid = CompositionIds.versionedObjectUid(noteId).toString();
        assertEquals(2, status.getInt("revision"));
        assertEquals(vouid + "::" + sim.systemId() + "::2", status.getString("compositionUid"));
        assertEquals(List.of(2, 1), status.getList("revisions.revision"));
        SimComposition c = sim.composition(vouid).orElseThrow();
        assertEquals(2, c.versions().size());
        assertEquals("PHI-plan revised: add group therapy", c.latest().value("clinical_notes/clinical_synopsis:3/notes"));
        assertTrue(c.versions().get(0).value("clinical_notes/clinical_synopsis:3/notes").startsWith("PHI-plan " + noteId));
        // the simulator refuses quoted If-Match (400): one 204 PUT proves it was sent unquoted
        assertEquals(puts204 + 1, sim.requests("PUT /ehr/{ehr_id}/composition/{uid} 204"));
    }

    @Test
    void eventsCarryIdsOnlyAndOutcomesAreReportedAsEhrRuns() throws IOException {
        UUID noteId = UUID.randomUUID();
        UUID patient = Notes.patient();
        String queueId = Notes.sign(Notes.note(noteId, 1, patient)).then().statusCode(202).extract().path("id");
        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(5));

        List<ConsumerRecord<String, String>> events = TopicReader.read(bootstrap, Topics.EHR_NOTES,
                recs -> recs.stream().anyMatch(r -> r.value().contains(queueId)), Duration.ofSeconds(10));
        ConsumerRecord<String, String> event = events.stream().filter(r -> r.value().contains(queueId)).findFirst().orElseThrow();
        assertEquals(patient.toString(), event.key());
        assertFalse(event.value().contains("PHI-"), "note text on Kafka: " + event.value());
        assertFalse(event.value().contains("Jane"), "provider name on Kafka: " + event.value());
        JsonNode json = ContractJson.mapper().readTree(event.value());
        assertEquals(noteId.toString(), json.get("noteId").asText());

        List<ConsumerRecord<String, String>> results = TopicReader.read(bootstrap, Topics.SYNC_RESULTS,
                recs -> recs.stream().anyMatch(r -> r.value().contains(patient.toString())), Duration.ofSeconds(10));
        ConsumerRecord<String, String> result = results.stream().filter(r -> r.value().contains(patient.toString()))
                .findFirst().orElseThrow();
        JsonNode r = ContractJson.mapper().readTree(result.value());
        assertEquals("ehr", r.get("source").asText());
        assertEquals("succeeded", r.get("status").asText());
        assertEquals(Notes.ORGANIZATION.toString(), r.get("organizationId").asText());
        assertFalse(result.value().contains("PHI-"));
        String runId = r.get("runId").asText();
        assertEquals(runId, result.key());

        List<ConsumerRecord<String, String>> runs = TopicReader.read(bootstrap, Topics.SYNC_RUNS,
                recs -> recs.stream().anyMatch(x -> x.key().equals(runId)), Duration.ofSeconds(10));
        JsonNode run = ContractJson.mapper().readTree(runs.stream().filter(x -> x.key().equals(runId)).findFirst()
                .orElseThrow().value());
        assertEquals("ehr", run.get("syncType").asText());
        assertTrue(run.get("expectedPatients").asInt() >= 1);
        assertNotNull(run.get("startedAt"));
    }

    @Test
    void invalidNotesGetProblemJsonListingTheBadFields() {
        Map<String, Object> bad = Notes.note(UUID.randomUUID(), 0, Notes.patient());
        bad.remove("noteId");
        bad.put("provider", Map.of("name", " "));
        bad.put("signedAt", "2999-01-01T00:00:00Z");
        bad.put("subjective", "");
        bad.put("objective", " ");
        bad.put("assessment", "");
        bad.put("plan", "");
        Notes.asOps().contentType(ContentType.JSON).body(bad).post("/api/ehr/soap-notes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("noteId", "revision", "provider.name", "signedAt", "subjective"));

        Notes.asOps().contentType(ContentType.JSON).body("{\"noteId\":\"x\",\"revision\":\"one\"}").post("/api/ehr/soap-notes")
                .then().statusCode(400).contentType("application/problem+json");
        Notes.asOps().get("/api/ehr/soap-notes/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        Notes.asOps().get("/api/ehr/queue").then().statusCode(200).body("superseded", org.hamcrest.Matchers.notNullValue());
        Notes.asOps().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
