package io.recoverysync.ehr.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.recoverysync.ehr.service.NoteIntake;
import io.recoverysync.ehr.service.SignedNote;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Signed SOAP notes: intake ({@code POST}, 202, idempotent by note id + revision; the body read strictly by
 * {@link NoteBody}) and the sync status a provider's UI shows ({@code GET}). Note text is accepted here and never returned or logged. A clinician signs
 * notes of its own organization for its active patients (another patient is a 422 naming {@code patientId}); a
 * revision that would move a note to another patient or organization is a 409; a note of another organization is
 * not found.
 */
@Path("/api/ehr/soap-notes")
public class SoapNoteResource {
    private final NoteIntake intake;
    private final NoteQueueRepository queue;
    private final Clock clock;
    private final Caller caller;

    public SoapNoteResource(NoteIntake intake, NoteQueueRepository queue, Clock clock, Caller caller) {
        this.intake = intake;
        this.queue = queue;
        this.clock = clock;
        this.caller = caller;
    }

    /** The signing provider; the name becomes the composition's composer. */
    public record Provider(UUID id, String name) {
    }

    /** A signed note revision as {@link NoteBody} read it (every field checked). */
    public record SignedNoteRequest(UUID noteId, Integer revision, UUID patientId, UUID organizationId,
            Provider provider, OffsetDateTime signedAt, String subjective, String objective, String assessment, String plan) {
    }

    /** The 202 answer. */
    public record Queued(UUID id, UUID noteId, int revision, String status, boolean duplicate, String statusUrl) {
    }

    /** One revision's sync state; {@code signedAt} with the offset it was signed with (ISO 8601, as sent). */
    public record RevisionStatus(int revision, String status, int attempts, String lastError, Integer lastHttpStatus,
            String failureReason, String compositionUid, String signedAt, Instant queuedAt, Instant nextAttemptAt,
            Instant completedAt) {

        static RevisionStatus of(QueuedNote n) {
            return new RevisionStatus(n.revision(), n.status(), n.attempts(), n.lastError(), n.lastHttpStatus(),
                    n.failureReason(), n.compositionUid(),
                    n.signedAtLocal().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME), n.createdAt(),
                    QueuedNote.PENDING.equals(n.status()) ? n.nextAttemptAt() : null, n.completedAt());
        }
    }

    /** What the provider's UI shows: the newest revision's state at the top, every revision below. */
    public record NoteStatus(UUID noteId, UUID patientId, int revision, String status, int attempts, String lastError,
            String compositionUid, List<RevisionStatus> revisions) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.CLINICIAN, Caller.OPS})
    public Uni<Response> sign(JsonNode json) {
        NoteBody.Parsed parsed = NoteBody.parse(json, clock.instant());
        if (!parsed.errors().isEmpty()) {
            return Uni.createFrom().item(Problem.invalid("The signed note is invalid.", parsed.errors()).toResponse());
        }
        SignedNoteRequest body = parsed.note();
        if (!caller.mayAccess(body.organizationId())) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown organization."));
        }
        SignedNote note = new SignedNote(body.noteId(), body.revision(), body.patientId(), body.organizationId(),
                body.provider().id(), body.provider().name().trim(),
                body.signedAt().toInstant().truncatedTo(ChronoUnit.MILLIS), body.subjective(), body.objective(),
                body.assessment(), body.plan(), body.signedAt().getOffset(), caller.subject());
        return intake.sign(note)
                .map(accepted -> {
                    QueuedNote n = accepted.note();
                    String statusUrl = "/api/ehr/soap-notes/" + n.noteId();
                    return Response.accepted(new Queued(n.id(), n.noteId(), n.revision(), n.status(), !accepted.created(),
                            statusUrl)).location(URI.create(statusUrl)).build();
                })
                .onFailure(NoteIntake.NotOnRoster.class)
                .recoverWithItem(e -> Problem.unprocessable(e.getMessage(),
                        new Problem.FieldError("patientId", "is not an active patient of organization "
                                + body.organizationId())).toResponse())
                .onFailure(e -> e instanceof NoteIntake.ConflictingRevision || e instanceof NoteIntake.ReassignedNote)
                .recoverWithItem(e -> Problem.response(Response.Status.CONFLICT, e.getMessage()));
    }

    @GET
    @Path("/{noteId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.CLINICIAN, Caller.PARTNER, Caller.OPS})
    public Uni<Response> status(@PathParam("noteId") String noteId) {
        UUID id = Ids.parse(noteId);
        if (id == null) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown note."));
        }
        return queue.revisions(id).map(revisions -> {
            // every revision is checked: notes signed before revisions had to keep their organization may mix
            if (revisions.isEmpty() || !revisions.stream().allMatch(r -> caller.mayAccess(r.organizationId()))) {
                return Problem.response(Response.Status.NOT_FOUND, "Unknown note.");
            }
            QueuedNote newest = revisions.get(0);
            return Response.ok(new NoteStatus(newest.noteId(), newest.patientId(), newest.revision(), newest.status(),
                    newest.attempts(), newest.lastError(), newest.compositionUid(),
                    revisions.stream().map(RevisionStatus::of).toList())).build();
        });
    }
}
