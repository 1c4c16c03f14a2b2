package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.ehr.service.CompositionIds;
import io.recoverysync.ehr.service.NoteRedrive;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Failed notes go back to EHRbase: by themselves once EHRbase answers correctly again (an outage longer than the
 * retry budget, rejected credentials), and by ops (one note, or every failed note of a reason code). Each ends
 * stored exactly once.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class RedriveTest extends WithEhrbase {

    @Inject
    Pool pool;

    @Inject
    NoteRedrive recovery;

    @Test
    void anOutageLongerThanTheRetryBudgetEndsWithEveryNoteStoredOnce() {
        UUID patient = Notes.patient();
        List<UUID> notes = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        sim.goOffline();
        notes.forEach(n -> Notes.sign(Notes.note(n, 1, patient)).then().statusCode(202));
        for (UUID n : notes) {
            JsonPath failed = Notes.awaitStatus(n, "failed", Duration.ofSeconds(60));
            assertEquals("EHRBASE_UNAVAILABLE", failed.getString("revisions[0].failureReason"));
        }
        // while EHRbase stays away, the probe fails and nothing is sent again
        assertEquals(0, recover());
        notes.forEach(n -> assertEquals("failed", Notes.status(n).getString("status")));

        sim.goOnline();
        assertTrue(recover() >= notes.size(), "the recovery pass re-drove the notes");
        for (UUID n : notes) {
            JsonPath done = Notes.awaitStatus(n, "completed", Duration.ofSeconds(20));
            assertEquals(CompositionIds.versionedObjectUid(n) + "::" + sim.systemId() + "::1", done.getString("compositionUid"));
            assertEquals(1, sim.composition(CompositionIds.versionedObjectUid(n).toString()).orElseThrow().versions().size());
            assertEquals(1, redriveCount(n), "re-driven once");
        }
    }

    /**
     * A note backing off after EHRbase was away (in production the back-off grows to 10 min) is sent as soon as a
     * recovery pass finds EHRbase answering, not at its next scheduled attempt; a note backing off for another
     * reason keeps its schedule.
     */
    @Test
    void aNoteBackingOffAfterAnOutageGoesAsSoonAsEhrbaseAnswersAgain() {
        UUID patient = Notes.patient();
        UUID note = UUID.randomUUID();
        sim.goOffline();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        // as a long back-off leaves it: pending, tried before without an answer, next attempt an hour away
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            long updated = pool.preparedQuery("""
                    UPDATE ehr.ehrbase_sync_queue SET next_attempt_at = now() + interval '1 hour'
                    WHERE note_id = $1 AND status = 'pending' AND retry_count > 0 AND last_http_status IS NULL""")
                    .execute(Tuple.of(note)).await().indefinitely().rowCount();
            sleep(1200); // an attempt under way when it was updated would have rescheduled it
            return updated == 1 && backingOffForAnHour(note);
        });
        assertEquals(0, recover(), "EHRbase still away: the probe fails and nothing is woken");
        assertTrue(backingOffForAnHour(note));

        sim.goOnline();
        assertTrue(recover() >= 1, "the note backing off is woken once EHRbase answers");
        JsonPath done = Notes.awaitStatus(note, "completed", Duration.ofSeconds(20));
        assertEquals(1, sim.composition(CompositionIds.versionedObjectUid(note).toString()).orElseThrow().versions().size());
        assertEquals(0, redriveCount(note), "woken within its budget, not re-driven");
        assertTrue(done.getInt("attempts") >= 2, done.prettify());

        // a note backing off after EHRbase answered (409 here) is not pulled forward
        UUID other = UUID.randomUUID();
        Notes.sign(Notes.note(other, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(other, "completed", Duration.ofSeconds(10));
        pool.preparedQuery("""
                UPDATE ehr.ehrbase_sync_queue SET status = 'pending', retry_count = 1, last_http_status = 409,
                    next_attempt_at = now() + interval '1 hour' WHERE note_id = $1""")
                .execute(Tuple.of(other)).await().indefinitely();
        try {
            recover();
            assertTrue(backingOffForAnHour(other));
        } finally {
            pool.preparedQuery("UPDATE ehr.ehrbase_sync_queue SET status = 'completed' WHERE note_id = $1")
                    .execute(Tuple.of(other)).await().indefinitely();
        }
    }

    private boolean backingOffForAnHour(UUID noteId) {
        return pool.preparedQuery("""
                SELECT count(*) FROM ehr.ehrbase_sync_queue
                WHERE note_id = $1 AND status = 'pending' AND next_attempt_at > now() + interval '50 minutes'""")
                .execute(Tuple.of(noteId)).await().indefinitely().iterator().next().getLong(0) == 1;
    }

    @Test
    void notesFailedForCredentialsGoAgainOnceEhrbaseTakesThem() {
        UUID patient = Notes.patient();
        UUID warm = UUID.randomUUID();
        Notes.sign(Notes.note(warm, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(warm, "completed", Duration.ofSeconds(10));

        long probes = sim.requests("GET /definition/template/adl1.4");
        sim.failNext(4, 401); // the note's POST, then the first probes: the password is still being fixed
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(note, "failed", Duration.ofSeconds(10));
        // recovery passes (the job's, here by hand) probe until EHRbase takes the credentials again
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> recover() > 0);
        JsonPath done = Notes.awaitStatus(note, "completed", Duration.ofSeconds(20));
        assertTrue(done.getInt("attempts") >= 2, done.prettify());
        assertTrue(sim.requests("GET /definition/template/adl1.4") - probes >= 2, "EHRbase was probed until it answered");
        assertEquals(1, sim.composition(CompositionIds.versionedObjectUid(note).toString()).orElseThrow().versions().size());
    }

    @Test
    void opsRedriveARejectedNoteAndEveryFailedNoteOfAReason() {
        UUID patient = Notes.patient();
        UUID note = UUID.randomUUID();
        sim.failNext(1, 422, "Could not validate composition");
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(note, "failed", Duration.ofSeconds(10));
        recover();
        sleep(1000);
        assertEquals("failed", Notes.status(note).getString("status"), "a rejection is not re-driven by itself");

        Notes.asOps().post("/internal/ehr/notes/" + note + "/redrive")
                .then().statusCode(200).body("redriven", equalTo(1)).body("notes.noteId", hasItem(note.toString()));
        Notes.awaitStatus(note, "completed", Duration.ofSeconds(10));
        Notes.asOps().post("/internal/ehr/notes/" + note + "/redrive")
                .then().statusCode(409).contentType("application/problem+json");
        Notes.asOps().post("/internal/ehr/notes/" + UUID.randomUUID() + "/redrive")
                .then().statusCode(404).contentType("application/problem+json");

        // by reason and time range
        UUID second = UUID.randomUUID();
        sim.failNext(1, 422, "Could not validate composition");
        Notes.sign(Notes.note(second, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(second, "failed", Duration.ofSeconds(10));
        Notes.asOps().post("/internal/ehr/notes/redrive?reason=EHRBASE_REJECTED&from=" + Instant.now().plusSeconds(60))
                .then().statusCode(200).body("redriven", equalTo(0));
        Notes.asOps().post("/internal/ehr/notes/redrive?reason=EHRBASE_REJECTED&from=" + Instant.now().minusSeconds(600)
                        + "&organizationId=" + Notes.ORGANIZATION)
                .then().statusCode(200).body("notes.noteId", hasItem(second.toString()));
        Notes.awaitStatus(second, "completed", Duration.ofSeconds(10));

        Notes.asOps().post("/internal/ehr/notes/redrive?reason=NOPE&from=yesterday&max=0")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("reason")).body("errors.field", hasItem("from"))
                .body("errors.field", hasItem("max"));
        given().auth().oauth2(TestTokens.DEFAULT.clinician(Notes.ORGANIZATION))
                .post("/internal/ehr/notes/redrive?reason=EHRBASE_REJECTED").then().statusCode(403);
    }

    private int recover() {
        return recovery.recover().await().atMost(Duration.ofSeconds(10));
    }

    private int redriveCount(UUID noteId) {
        return pool.preparedQuery("SELECT redrive_count FROM ehr.ehrbase_sync_queue WHERE note_id = $1")
                .execute(Tuple.of(noteId)).await().indefinitely().iterator().next().getInteger(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
