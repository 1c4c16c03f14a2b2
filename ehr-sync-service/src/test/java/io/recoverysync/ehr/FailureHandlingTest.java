package io.recoverysync.ehr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.ehr.service.CompositionIds;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.simulator.ehrbase.SimComposition;
import io.recoverysync.simulator.ehrbase.SimEhr;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * EHRbase misbehaving: down for a while (connections refused, 503s) ends completed with the attempts counted and
 * nothing lost; answers cut off on the way (half a body, no ETag or Location) are retried where the body is needed
 * and read by their status where it is not; 422 ends failed with EHRbase's message and is not retried; 401 fails as
 * a configuration error.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class FailureHandlingTest extends WithEhrbase {

    @ConfigProperty(name = "ehr-sync.ehrbase.subject-namespace")
    String namespace;

    @Test
    void simulatorDownThenUpEndsCompletedWithAttemptsCountedAndNothingLost() {
        UUID patient = Notes.patient();
        List<UUID> notes = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        sim.goOffline();
        notes.forEach(n -> Notes.sign(Notes.note(n, 1, patient)).then().statusCode(202));
        // several attempts fail with "connection refused" and are rescheduled with back-off
        JsonPath retrying = Notes.awaitStatus(notes.get(0), Duration.ofSeconds(10), s -> s.getInt("attempts") >= 2
                && "pending".equals(s.getString("status")));
        // words for people: no Java class, no address or port of EHRbase (those are in the log)
        assertEquals("EHRbase could not be reached; retrying", retrying.getString("lastError"));
        assertPeopleWords(retrying.prettify());
        sim.goOnline();

        for (UUID n : notes) {
            JsonPath done = Notes.awaitStatus(n, "completed", Duration.ofSeconds(15));
            assertNull(done.getString("lastError"));
            assertEquals(CompositionIds.versionedObjectUid(n) + "::" + sim.systemId() + "::1", done.getString("compositionUid"));
        }
        assertTrue(Notes.status(notes.get(0)).getInt("attempts") >= 2);
        notes.forEach(n -> assertEquals(1, sim.composition(CompositionIds.versionedObjectUid(n).toString())
                .orElseThrow().versions().size()));
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() {
        UUID patient = Notes.patient();
        UUID first = UUID.randomUUID();
        Notes.sign(Notes.note(first, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(first, "completed", Duration.ofSeconds(5));

        UUID note = UUID.randomUUID();
        sim.failNext(3, 503);
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        JsonPath done = Notes.awaitStatus(note, "completed", Duration.ofSeconds(15));
        assertEquals(4, done.getInt("attempts"));
    }

    @Test
    void garbledAnswersAreRetriedOrReadByStatusAndTheNoteLandsOnceInThePatientsEhr() {
        UUID patient = Notes.patient();
        UUID note = UUID.randomUUID();
        // the patient's EHR was made elsewhere, so finding it needs the body of EHRbase's answer
        SimEhr existing = sim.createEhr(patient.toString(), namespace);
        sim.garbleNext(3);
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        JsonPath done = Notes.awaitStatus(note, "completed", Duration.ofSeconds(15));
        assertEquals(4, done.getInt("attempts"), "three cut-off EHR lookups were retried: " + done.prettify());
        assertNull(done.getString("lastError"));
        SimComposition stored = sim.composition(CompositionIds.versionedObjectUid(note).toString()).orElseThrow();
        assertEquals(existing.ehrId(), stored.ehrId());
        assertEquals(1, stored.versions().size());
        assertEquals(1, sim.ehrs().stream().filter(e -> patient.toString().equals(e.subjectId())).count());

        // a cut-off answer to the POST (204 without ETag): the status says stored, the note's ids give the uid
        UUID second = UUID.randomUUID();
        sim.garbleNext(1);
        Notes.sign(Notes.note(second, 1, patient)).then().statusCode(202);
        JsonPath secondDone = Notes.awaitStatus(second, "completed", Duration.ofSeconds(15));
        assertEquals(1, secondDone.getInt("attempts"));
        SimComposition secondStored = sim.composition(CompositionIds.versionedObjectUid(second).toString()).orElseThrow();
        assertEquals(secondStored.latest().versionUid(), secondDone.getString("compositionUid"));
        assertEquals(existing.ehrId(), secondStored.ehrId());
    }

    @Test
    void unprocessableEntityFailsWithEhrbasesMessageAndIsNotRetried() {
        UUID patient = Notes.patient();
        UUID first = UUID.randomUUID();
        Notes.sign(Notes.note(first, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(first, "completed", Duration.ofSeconds(5));
        long posts = sim.requests("POST /ehr/{ehr_id}/composition ");

        String message = "/content[openEHR-EHR-EVALUATION.clinical_synopsis.v1, 1]/data: Attribute data of class "
                + "EVALUATION does not match existence 1..1";
        sim.failNext(1, 422, message);
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        JsonPath failed = Notes.awaitStatus(note, "failed", Duration.ofSeconds(5));
        assertEquals("EHRbase rejected the composition: " + message, failed.getString("lastError"));
        assertEquals(1, failed.getInt("attempts"));
        assertEquals("EHRBASE_REJECTED", failed.getString("revisions[0].failureReason"));
        assertEquals(422, failed.getInt("revisions[0].lastHttpStatus"));

        // three sweeps later: still one attempt, still one POST, still failed
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        JsonPath later = Notes.status(note);
        assertEquals("failed", later.getString("status"));
        assertEquals(1, later.getInt("attempts"));
        assertEquals(posts + 1, sim.requests("POST /ehr/{ehr_id}/composition "));
        assertTrue(sim.composition(CompositionIds.versionedObjectUid(note).toString()).isEmpty());
    }

    @Test
    void aConcurrentPostsDuplicateKeyIsReadBackLikeA412() {
        UUID patient = Notes.patient();
        UUID warm = UUID.randomUUID();
        Notes.sign(Notes.note(warm, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(warm, "completed", Duration.ofSeconds(10));
        sim.duplicateKeyNext(1); // stored, but answered 500 DuplicateKeyException as EHRbase 2.29 answers a racing POST
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        JsonPath done = Notes.awaitStatus(note, "completed", Duration.ofSeconds(10));
        assertEquals(1, done.getInt("attempts"), "read back at once, not retried as a server error");
        assertEquals(CompositionIds.versionedObjectUid(note) + "::" + sim.systemId() + "::1", done.getString("compositionUid"));
        assertEquals(1, sim.composition(CompositionIds.versionedObjectUid(note).toString()).orElseThrow().versions().size());
    }

    @Test
    void rejectedCredentialsFailAsAConfigurationError() {
        UUID patient = Notes.patient();
        UUID first = UUID.randomUUID();
        Notes.sign(Notes.note(first, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(first, "completed", Duration.ofSeconds(5));

        sim.failNext(1, 401);
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        JsonPath failed = Notes.awaitStatus(note, "failed", Duration.ofSeconds(5));
        assertEquals("EHRbase refused the credentials", failed.getString("lastError"));
        assertEquals("EHRBASE_UNAUTHORIZED", failed.getString("revisions[0].failureReason"));
        assertEquals(1, failed.getInt("attempts"));
    }

    @Test
    void aSlowEhrbaseIsShownAsNotAnsweringInTimeWithoutItsAddress() {
        UUID patient = Notes.patient();
        UUID note = UUID.randomUUID();
        sim.setLatency(Duration.ofSeconds(7)); // over the test read timeout (5 s)
        try {
            Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
            JsonPath retrying = Notes.awaitStatus(note, Duration.ofSeconds(20), s -> s.getString("lastError") != null);
            assertEquals("EHRbase did not answer in time; retrying", retrying.getString("lastError"));
            assertPeopleWords(retrying.prettify());
        } finally {
            sim.setLatency(Duration.ZERO);
        }
        Notes.awaitStatus(note, "completed", Duration.ofSeconds(20));
    }

    @Test
    void ehrbasesOwnMessageIsShownWithoutJavaClassesOrAddresses() {
        UUID patient = Notes.patient();
        sim.failNext(1, 400, "org.ehrbase.openehr.sdk.validation.ValidationException: Invalid value at "
                + "http://10.1.2.3:8080/ehrbase/rest: start_time missing");
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        JsonPath failed = Notes.awaitStatus(note, "failed", Duration.ofSeconds(10));
        assertEquals("EHRbase rejected the composition: Invalid value at start_time missing",
                failed.getString("lastError"));
        assertPeopleWords(failed.prettify());
    }

    private void assertPeopleWords(String status) {
        for (String technical : List.of("Exception", "127.0.0.1", "10.1.2.3", "localhost", "http://", ":" + sim.port(),
                "org.", "io.")) {
            assertFalse(status.contains(technical), technical + " shown to people: " + status);
        }
    }
}
