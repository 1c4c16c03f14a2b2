package io.recoverysync.ehr.rest;

import io.recoverysync.contracts.api.SignedNotes;
import io.recoverysync.ehr.repository.SignedNotesRepository;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * A clinician's own signed notes ({@code GET /api/ehr/soap-notes/mine}): the newest revision of each note the
 * caller (the token's subject) signed in its organization, newest first, with its EHR state — the sync confirmation
 * the dashboard shows the provider. No note text.
 */
@Path("/api/ehr/soap-notes/mine")
@RolesAllowed(Caller.CLINICIAN)
public class MyNotesResource {
    static final int MAX = 500;

    private final SignedNotesRepository notes;
    private final Caller caller;

    public MyNotesResource(SignedNotesRepository notes, Caller caller) {
        this.notes = notes;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> mine(@QueryParam("limit") String limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int max = QueryParams.wholeNumber("limit", limit, 100, 1, MAX, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problem.invalid("The request is invalid.", errors).toResponse());
        }
        return notes.signedBy(caller.subject(), caller.requireOrganization(), max)
                .map(list -> Response.ok(new SignedNotes(list)).build());
    }
}
