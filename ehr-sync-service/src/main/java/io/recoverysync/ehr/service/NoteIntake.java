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
 * Tenancy: a note's first accepted revision needs an active patient of the note's organization in this service's
 * roster view; later revisions (addenda) keep the patient and organization of the first and are accepted after a
 * discharge too; a repeat of a stored revision is answered as a duplicate whatever the roster says now.
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

    /**
     * Order matters: a repeat of a stored (note, revision) is recognised first, whatever the roster says now (a note
     * signed while the patient was active and re-sent after a discharge is still the 202 duplicate); then a revision
     * may not move the note (409); only then the roster: a brand-new note needs an active patient, while a later
     * revision (an addendum) of a note whose earlier revision was accepted is taken even after a discharge.
     */
    public Uni<Accepted> sign(SignedNote note) {
        // read before the transaction, so an intake never holds one connection while waiting for a second
        return roster.isActiveIn(note.patientId(), note.organizationId()).chain(active -> enqueue(note, active));
    }

    private Uni<Accepted> insert(io.vertx.mutiny.sqlclient.SqlConnection tx, SignedNote note, NoteQueueRepository.NewNote row) {
        String hash = row.contentHash();
        return queue.insert(tx, row).chain(inserted -> {
            if (inserted == null) { // a racing insert outside the note lock cannot happen; read it back all the same
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
        });
    }

    private Uni<Accepted> enqueue(SignedNote note, boolean active) {
        String hash = note.contentHash();
        NoteQueueRepository.NewNote row = new NoteQueueRepository.NewNote(note.noteId(), note.revision(), note.patientId(),
                note.organizationId(), note.signedAt(), note.providerId(), note.providerName(), note.subjective(),
                note.objective(), note.assessment(), note.plan(), hash, note.signedOffset().getTotalSeconds(),
                note.signedBy());
        return queue.inTransaction(tx -> queue.lockNote(tx, note.noteId())
                        .chain(() -> queue.find(tx, note.noteId(), note.revision()))
                        .chain(existing -> {
                            if (existing != null) {
                                if (!existing.contentHash().equals(hash)) {
                                    throw new ConflictingRevision(note.noteId(), note.revision());
                                }
                                return Uni.createFrom().item(new Accepted(existing, false));
                            }
                            return queue.ownedElsewhere(tx, note.noteId(), note.patientId(), note.organizationId())
                                    .chain(elsewhere -> {
                                        if (elsewhere) {
                                            throw new ReassignedNote(note.noteId());
                                        }
                                        return queue.hasRevisions(tx, note.noteId());
                                    })
                                    .chain(earlier -> {
                                        if (!earlier && !active) {
                                            throw new NotOnRoster();
                                        }
                                        return insert(tx, note, row);
                                    });
                        }))
                .invoke(accepted -> {
                    if (accepted.created()) {
                        relay.nudge();
                    }
                });
    }
}
