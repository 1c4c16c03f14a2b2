package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.recoverysync.dashboard.NotesPage;
import io.recoverysync.dashboard.SignedInUser;
import io.recoverysync.dashboard.client.Backbone;
import io.recoverysync.dashboard.service.NoteWords;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.ZoneId;

/**
 * A clinician's signed notes (the newest revision of each, newest first) and where each stands on its way to the EHR:
 * "Sent to the EHR at 10:42 AM", "Waiting: EHRbase could not be reached; retrying", "Not sent: …" — the sync
 * confirmation a provider is promised. Patients by name (the clinician's organization's roster); no note text.
 */
@Path("/notes")
@Authenticated
public class NotesResource {
    static final int NOTES = 100;

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance notes(SignedInUser user, NotesPage page);
    }

    private final Backbone backbone;
    private final CurrentUser currentUser;

    public NotesResource(Backbone backbone, CurrentUser currentUser) {
        this.backbone = backbone;
        this.currentUser = currentUser;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> notes() {
        SignedInUser user = currentUser.get();
        if (!user.clinician()) {
            return Uni.createFrom().item(PageErrors.page(403, "Not available",
                    "This page shows the notes a clinician signed."));
        }
        return Uni.combine().all().unis(backbone.organization(user.organizationId()), backbone.myNotes(NOTES),
                        backbone.patients(user.organizationId(), "all")).asTuple()
                .map(t -> NoteWords.page(ZoneId.of(t.getItem1().timeZone()), t.getItem2().notes(), t.getItem3()))
                .map(page -> Response.ok(Templates.notes(user, page)).header("Cache-Control", "no-store").build());
    }
}
