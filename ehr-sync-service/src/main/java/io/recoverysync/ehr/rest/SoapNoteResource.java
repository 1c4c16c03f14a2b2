package io.recoverysync.ehr.rest;

import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.repository.QueuedNote;
import io.recoverysync.ehr.service.NoteIntake;
import io.recoverysync.ehr.service.SignedNote;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Signed SOAP notes: intake ({@code POST}, 202, idempotent by note id + revision) and the sync status a
 * provider's UI shows ({@code GET}). Note text is accepted here and never returned or logged. A clinician signs
 * notes of its own organization for its active patients (another patient is a 422 naming {@code patientId}); a
 * revision that would move a note to another patient or organization is a 409; a note of another organization is
 * not found.
 */
@Path("/api/ehr/soap-notes")
public class SoapNoteResource {
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int MAX_SECTION = 100_000;

    private final NoteIntake intake;
    private final NoteQueueRepository queue;
    private final Validator validator;
    private final Clock clock;
    private final Caller caller;

    public SoapNoteResource(NoteIntake intake, NoteQueueRepository queue, Validator validator, Clock clock,
            Caller caller) {
        this.intake = intake;
        this.queue = queue;
        this.validator = validator;
        this.clock = clock;
        this.caller = caller;
    }

    /** The signing provider; the name becomes the composition's composer. */
    public record Provider(UUID id, @NotBlank @Size(max = 200) String name) {
    }

    /** Request body of a signed note revision. */
    public record SignedNoteRequest(
            @NotNull UUID noteId,
            @NotNull @Min(1) Integer revision,
            @NotNull UUID patientId,
            @NotNull UUID organizationId,
            @NotNull @Valid Provider provider,
            @NotNull Instant signedAt,
            @NotNull @Size(max = MAX_SECTION) String subjective,
            @NotNull @Size(max = MAX_SECTION) String objective,
            @NotNull @Size(max = MAX_SECTION) String assessment,
            @NotNull @Size(max = MAX_SECTION) String plan) {
    }

    /** The 202 answer. */
    public record Queued(UUID id, UUID noteId, int revision, String status, boolean duplicate, String statusUrl) {
    }

    /** One revision's sync state. */
    public record RevisionStatus(int revision, String status, int attempts, String lastError, Integer lastHttpStatus,
            String failureReason, String compositionUid, Instant signedAt, Instant queuedAt, Instant nextAttemptAt,
            Instant completedAt) {

        static RevisionStatus of(QueuedNote n) {
            return new RevisionStatus(n.revision(), n.status(), n.attempts(), n.lastError(), n.lastHttpStatus(),
                    n.failureReason(), n.compositionUid(), n.signedAt(), n.createdAt(),
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
    public Uni<Response> sign(SignedNoteRequest body) {
        List<Problem.FieldError> errors = validate(body);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problem.invalid("The signed note is invalid.", errors).toResponse());
        }
        if (!caller.mayAccess(body.organizationId())) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown organization."));
        }
        SignedNote note = new SignedNote(body.noteId(), body.revision(), body.patientId(), body.organizationId(),
                body.provider().id(), body.provider().name().trim(), body.signedAt().truncatedTo(ChronoUnit.MILLIS),
                body.subjective(), body.objective(), body.assessment(), body.plan());
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

    /** Bean Validation plus the rules it cannot express, reported together. */
    private List<Problem.FieldError> validate(SignedNoteRequest body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null) {
            errors.add(new Problem.FieldError("body", "a signed note is required"));
            return errors;
        }
        for (ConstraintViolation<SignedNoteRequest> v : validator.validate(body)) {
            errors.add(new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()));
        }
        // PostgreSQL text cannot hold NUL, and no clinical text needs it
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        texts.put("subjective", body.subjective());
        texts.put("objective", body.objective());
        texts.put("assessment", body.assessment());
        texts.put("plan", body.plan());
        texts.put("provider.name", body.provider() == null ? null : body.provider().name());
        texts.forEach((field, text) -> {
            if (text != null && text.indexOf('\u0000') >= 0) {
                errors.add(new Problem.FieldError(field, "must not contain NUL characters"));
            }
        });
        if (body.signedAt() != null && body.signedAt().isAfter(clock.instant().plus(CLOCK_SKEW))) {
            errors.add(new Problem.FieldError("signedAt", "must not be in the future"));
        }
        if (body.subjective() != null && body.objective() != null && body.assessment() != null && body.plan() != null
                && body.subjective().isBlank() && body.objective().isBlank() && body.assessment().isBlank()
                && body.plan().isBlank()) {
            errors.add(new Problem.FieldError("subjective", "at least one SOAP section must have text"));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        return errors;
    }
}
