package io.recoverysync.ehr.rest;

import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.ehr.repository.NoteQueueRepository;
import io.recoverysync.ehr.service.NoteRedrive;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Ops: send failed notes to EHRbase again after the cause is fixed — one note's failed revisions, or every failed
 * note of a reason code (and a time range of the failure, and an organization). The notes are pending again with a
 * fresh retry budget; their outcome is reported again when it is known. Notes failed for credentials or
 * unavailability also go again by themselves once EHRbase answers correctly ({@link NoteRedrive}).
 */
@Path("/internal/ehr/notes")
@RolesAllowed(Caller.OPS)
@Produces(MediaType.APPLICATION_JSON)
public class RedriveResource {
    static final int MAX = 5000;
    private static final List<String> REASONS = List.of(ReasonCode.EHRBASE_REJECTED.name(),
            ReasonCode.EHRBASE_UNAUTHORIZED.name(), ReasonCode.EHRBASE_UNAVAILABLE.name(), ReasonCode.INTERNAL_ERROR.name());

    private final NoteRedrive redrive;
    private final NoteQueueRepository queue;

    public RedriveResource(NoteRedrive redrive, NoteQueueRepository queue) {
        this.redrive = redrive;
        this.queue = queue;
    }

    /** A re-drive's answer: how many note revisions were sent again, and which. */
    public record Redriven(int redriven, List<Revision> notes) {
    }

    /** One re-driven revision. */
    public record Revision(UUID id, UUID noteId, int revision) {
    }

    @POST
    @Path("/{noteId}/redrive")
    public Uni<Response> one(@PathParam("noteId") String noteId) {
        UUID id = Ids.parse(noteId);
        if (id == null) {
            return Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown note."));
        }
        return queue.revisions(id).chain(revisions -> revisions.isEmpty()
                ? Uni.createFrom().item(Problem.response(Response.Status.NOT_FOUND, "Unknown note."))
                : redrive.redrive(new NoteQueueRepository.RedriveCriteria(id, null, null, null, null), 100, "ops")
                        .map(notes -> notes.isEmpty()
                                ? Problem.response(Response.Status.CONFLICT, "No revision of this note has failed.")
                                : Response.ok(answer(notes)).build()));
    }

    @POST
    @Path("/redrive")
    public Uni<Response> many(@QueryParam("reason") String reason, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("organizationId") String organizationId,
            @QueryParam("max") String max) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (reason == null || !REASONS.contains(reason)) {
            errors.add(new Problem.FieldError("reason", "is required, one of " + String.join(", ", REASONS)));
        }
        Instant failedFrom = instant(from, "from", errors);
        Instant failedBefore = instant(to, "to", errors);
        UUID organization = organizationId == null ? null : Ids.parse(organizationId);
        if (organizationId != null && organization == null) {
            errors.add(new Problem.FieldError("organizationId", "must be a UUID"));
        }
        int limit = QueryParams.wholeNumber("max", max, 500, 1, MAX, errors);
        if (failedFrom != null && failedBefore != null && !failedFrom.isBefore(failedBefore)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problem.invalid("The re-drive is invalid.", errors).toResponse());
        }
        return redrive.redrive(new NoteQueueRepository.RedriveCriteria(null, List.of(reason), failedFrom, failedBefore,
                organization), limit, "ops").map(notes -> Response.ok(answer(notes)).build());
    }

    private static Redriven answer(List<NoteQueueRepository.Announce> notes) {
        return new Redriven(notes.size(), notes.stream().map(a -> new Revision(a.id(), a.noteId(), a.revision())).toList());
    }

    private static Instant instant(String text, String field, List<Problem.FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO 8601 time with offset"));
            return null;
        }
    }
}
