package io.recoverysync.ehr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.EhrNoteSigned;
import io.recoverysync.contracts.Topics;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.recoverysync.ehr.service.CompositionIds;
import io.recoverysync.ehr.service.SignedNote;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox keeps the promise the 202 made: when publishing fails after the database commit (the service "killed"
 * between write and publish, as far as the broker knows), the row stays in the outbox and a later relay pass
 * delivers the note; and a note whose row was committed with no publish attempt at all is delivered too.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class OutboxTest extends WithEhrbase {

    @Inject
    Pool pool;

    @Inject
    NoteQueueRepository queue;

    @Inject
    OutboxRepository outbox;

    @AfterEach
    void tearDown() {
        FlakyOutboxSender.failNext(0);
    }

    @Test
    void aFailedPublishIsDeliveredFromTheOutboxLater() {
        FlakyOutboxSender.failNext(3);
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, Notes.patient())).then().statusCode(202);

        await().atMost(Duration.ofSeconds(5)).until(() -> FlakyOutboxSender.failed() >= 1);
        assertEquals("pending", Notes.status(note).getString("status"), "nothing reached Kafka yet");
        assertTrue(outboxRows() >= 1, "the announcement waits in the outbox");

        Notes.awaitStatus(note, "completed", Duration.ofSeconds(15));
        assertEquals(3, FlakyOutboxSender.failed());
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
    }

    @Test
    void aCommittedNoteWhoseProcessDiedBeforePublishingIsDelivered() {
        UUID patient = Notes.patient();
        SignedNote n = new SignedNote(UUID.randomUUID(), 1, patient, Notes.ORGANIZATION, null, "Dr Crash",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "S", "O", "A", "P");
        // exactly what the intake commits — queue row and outbox row in one transaction — and then no nudge at all
        UUID queueId = queue.inTransaction(tx -> queue.insert(tx, new NoteQueueRepository.NewNote(n.noteId(), 1, patient,
                                Notes.ORGANIZATION, n.signedAt(), null, n.providerName(), "S", "O", "A", "P", n.contentHash()))
                        .map(QueuedNote::id)
                        .call(id -> outbox.add(tx, List.of(new OutboxRepository.Message(Topics.EHR_NOTES, patient.toString(),
                                new EhrNoteSigned(UUID.randomUUID(), EhrNoteSigned.VERSION, id, n.noteId(), 1, patient,
                                        Notes.ORGANIZATION, Instant.now()))))))
                .await().atMost(Duration.ofSeconds(5));

        Notes.awaitStatus(n.noteId(), "completed", Duration.ofSeconds(10));
        assertTrue(sim.composition(CompositionIds.versionedObjectUid(n.noteId()).toString()).isPresent());
        assertEquals(queueId, queue.find(queueId).await().atMost(Duration.ofSeconds(5)).id());
    }

    private long outboxRows() {
        return pool.query("SELECT count(*) AS n FROM ehr.outbox").execute()
                .map(rows -> rows.iterator().next().getLong("n")).await().atMost(Duration.ofSeconds(5));
    }
}
