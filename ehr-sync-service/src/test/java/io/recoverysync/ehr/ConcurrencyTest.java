package io.recoverysync.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.recoverysync.ehr.service.EhrDirectory;
import io.recoverysync.ehr.service.NotePoster;
import io.recoverysync.ehr.service.Outcome;
import io.recoverysync.ehr.service.SignedNote;
import io.recoverysync.simulator.ehrbase.SimEhr;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Exactly one EHR per patient when notes of a patient without one are processed at the same time — through the
 * service, and with two workers racing outside any in-process lock, as two replicas would.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class ConcurrencyTest extends WithEhrbase {

    @Inject
    NotePoster poster;

    @Inject
    EhrDirectory directory;

    @Inject
    NoteQueueRepository queue;

    @Test
    void twoNotesOfANewPatientSignedTogetherMakeOneEhr() {
        UUID patient = Notes.patient();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        sim.setLatency(Duration.ofMillis(100));
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> Notes.sign(Notes.note(a, 1, patient)).statusCode());
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> Notes.sign(Notes.note(b, 1, patient)).statusCode());
        assertEquals(202, first.join());
        assertEquals(202, second.join());
        Notes.awaitStatus(a, "completed", Duration.ofSeconds(10));
        Notes.awaitStatus(b, "completed", Duration.ofSeconds(10));

        List<SimEhr> ehrs = sim.ehrs().stream().filter(e -> patient.toString().equals(e.subjectId())).toList();
        assertEquals(1, ehrs.size());
        assertEquals(2, sim.compositions().stream().filter(c -> c.ehrId().equals(ehrs.get(0).ehrId())).count());
    }

    @Test
    void twoWorkersRacingOutsideTheProcessLockStillMakeOneEhr() {
        UUID patient = Notes.patient();
        // queued without an ehr.notes event, as if two replicas' sweeps had picked them up
        UUID q1 = enqueueSilently(patient);
        UUID q2 = enqueueSilently(patient);
        long conflictsBefore = sim.requests("PUT /ehr/{ehr_id} 409");
        // both workers see "no EHR" before either creates one
        sim.setLatency(Duration.ofMillis(300));

        List<Outcome> outcomes = Uni.join().all(poster.process(q1), poster.process(q2)).andFailFast()
                .await().atMost(Duration.ofSeconds(20));

        assertTrue(outcomes.stream().allMatch(o -> o.kind() == Outcome.Kind.COMPLETED), outcomes.toString());
        List<SimEhr> ehrs = sim.ehrs().stream().filter(e -> patient.toString().equals(e.subjectId())).toList();
        assertEquals(1, ehrs.size(), "one EHR for the patient");
        assertEquals(conflictsBefore + 1, sim.requests("PUT /ehr/{ehr_id} 409"), "the loser got 409 and looked it up");
        assertEquals(2, sim.compositions().stream().filter(c -> c.ehrId().equals(ehrs.get(0).ehrId())).count());
        UUID mapped = queue.ehrOf(patient).await().atMost(Duration.ofSeconds(5));
        assertEquals(ehrs.get(0).ehrId(), mapped.toString());
        assertEquals(mapped, directory.ehrFor(patient).await().atMost(Duration.ofSeconds(5)));
    }

    private UUID enqueueSilently(UUID patient) {
        SignedNote n = new SignedNote(UUID.randomUUID(), 1, patient, Notes.ORGANIZATION, null, "Dr Race",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "S", "O", "A", "P");
        return queue.inTransaction(tx -> queue.insert(tx, new NoteQueueRepository.NewNote(n.noteId(), 1, patient,
                        Notes.ORGANIZATION, n.signedAt(), null, n.providerName(), "S", "O", "A", "P", n.contentHash())).map(QueuedNote::id))
                .await().atMost(Duration.ofSeconds(5));
    }
}
