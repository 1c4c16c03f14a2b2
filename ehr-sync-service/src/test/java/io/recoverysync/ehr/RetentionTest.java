package io.recoverysync.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.ehr.service.NoteRetention;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Note text is kept only as long as needed: 30 days after a note reached EHRbase its sections are cleared; ids,
 * status, hash and composition uid stay, the status read still answers, and the same revision sent again is still
 * recognised as a repeat. A note that has not reached EHRbase keeps its text.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class RetentionTest extends WithEhrbase {

    @Inject
    Pool pool;

    @Inject
    NoteRetention retention;

    @Test
    void textOfNotesStoredLongAgoIsClearedAndNothingElse() {
        UUID patient = Notes.patient();
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        Map<String, Object> oldNote = Notes.note(old, 1, patient);
        Notes.sign(oldNote).then().statusCode(202);
        Notes.sign(Notes.note(recent, 1, patient)).then().statusCode(202);
        String uid = Notes.awaitStatus(old, "completed", Duration.ofSeconds(10)).getString("compositionUid");
        Notes.awaitStatus(recent, "completed", Duration.ofSeconds(10));
        sql("UPDATE ehr.ehrbase_sync_queue SET completed_at = now() - interval '31 days' WHERE note_id = $1", old);

        assertTrue(retention.purge().await().atMost(Duration.ofSeconds(10)) >= 1);
        Row purged = row(old);
        assertNull(purged.getString("subjective"));
        assertNull(purged.getString("plan"));
        assertNotNull(purged.getOffsetDateTime("text_purged_at"));
        assertEquals(uid, purged.getString("composition_uid"));
        assertNotNull(purged.getString("content_hash"));
        assertNotNull(row(recent).getString("subjective"), "a note stored recently keeps its text");

        Notes.status(old); // the provider's status read still answers
        assertEquals("completed", Notes.status(old).getString("status"));
        Notes.sign(oldNote).then().statusCode(202).body("duplicate", Matchers.equalTo(true));
        assertEquals(0, retention.purge().await().atMost(Duration.ofSeconds(10)), "nothing left to purge");
    }

    private Row row(UUID noteId) {
        return pool.preparedQuery("SELECT * FROM ehr.ehrbase_sync_queue WHERE note_id = $1").execute(Tuple.of(noteId))
                .await().indefinitely().iterator().next();
    }

    private void sql(String statement, Object... args) {
        pool.preparedQuery(statement).execute(Tuple.from(args)).await().indefinitely();
    }
}
