package io.recoverysync.ehr.service;

import io.recoverysync.contracts.EhrNoteSigned;
import io.recoverysync.contracts.Topics;
import io.recoverysync.ehr.messaging.OutboxRelay;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.OutboxRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.recoverysync.servicekit.roster.RosterView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Takes a signed note in: the queue row and its {@code ehr.notes} announcement are written in one transaction
 * (transactional outbox), then the relay is nudged so the event goes out at once. Idempotent by (note id,
 * revision): the same revision again is answered with the stored row; with different content it is a conflict.
 * Tenancy: the patient must be an active patient of the note's organization in this service's roster view, and
 * every revision of a note keeps the patient and organization of its first.
 */
@ApplicationScoped
public class NoteIntake {
    private final NoteQueueRepository queue;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final RosterView roster;
    private final Clock clock;

    public NoteIntake(NoteQueueRepository queue, OutboxRepository outbox, OutboxRelay relay, RosterView roster,
            Clock clock) {
        this.queue = queue;
        this.outbox = outbox;
        this.relay = relay;
        this.roster = roster;
        this.clock = clock;
    }

    /** The intake's answer: the queued row and whether this call created it. */
    public record Accepted(QueuedNote note, boolean created) {
    }

    /** The same (note, revision) was signed before with other content. */
    public static class ConflictingRevision extends RuntimeException {
        public ConflictingRevision(UUID noteId, int revision) {
            super("Note " + noteId + " revision " + revision + " was already signed with different content; "
                    + "sign the change as a new revision.", null, false, false);
        }
    }

    /** The note's patient is not an active patient of the note's organization. */
    public static class NotOnRoster extends RuntimeException {
        public NotOnRoster() {
            super("The patient is not an active patient of the organization.", null, false, false);
        }
    }

    /** An earlier revision of the note belongs to another patient or organization. */
    public static class ReassignedNote extends RuntimeException {
        public ReassignedNote(UUID noteId) {
            super("Note " + noteId + " belongs to another patient or organization; a revision cannot move it.", null,
                    false, false);
        }
    }

    public Uni<Accepted> sign(SignedNote note) {
        return roster.isActiveIn(note.patientId(), note.organizationId())
                .chain(active -> active ? enqueue(note) : Uni.createFrom().failure(new NotOnRoster()));
    }

    private Uni<Accepted> enqueue(SignedNote note) {
        String hash = note.contentHash();
        NoteQueueRepository.NewNote row = new NoteQueueRepository.NewNote(note.noteId(), note.revision(), note.patientId(),
                note.organizationId(), note.signedAt(), note.providerId(), note.providerName(), note.subjective(),
                note.objective(), note.assessment(), note.plan(), hash);
        return queue.inTransaction(tx -> queue.lockNote(tx, note.noteId())
                        .chain(() -> queue.ownedElsewhere(tx, note.noteId(), note.patientId(), note.organizationId()))
                        .invoke(elsewhere -> {
                            if (elsewhere) {
                                throw new ReassignedNote(note.noteId());
                            }
                        })
                        .chain(() -> queue.insert(tx, row))
                        .chain(inserted -> {
                            if (inserted == null) {
                                return queue.find(tx, note.noteId(), note.revision()).map(existing -> {
                                    if (!existing.contentHash().equals(hash)) {
                                        throw new ConflictingRevision(note.noteId(), note.revision());
                                    }
                                    return new Accepted(existing, false);
                                });
                            }
                            EhrNoteSigned event = new EhrNoteSigned(UUID.randomUUID(), EhrNoteSigned.VERSION, inserted.id(),
                                    note.noteId(), note.revision(), note.patientId(), note.organizationId(), clock.instant());
                            return outbox.add(tx, List.of(new OutboxRepository.Message(Topics.EHR_NOTES,
                                            note.patientId().toString(), event)))
                                    .replaceWith(new Accepted(inserted, true));
                        }))
                .invoke(accepted -> {
                    if (accepted.created()) {
                        relay.nudge();
                    }
                });
    }
}
