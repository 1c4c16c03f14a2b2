package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.recoverysync.contracts.api.BulkStarted;
import io.recoverysync.dashboard.RunPage;
import io.recoverysync.dashboard.SignedInUser;
import io.recoverysync.dashboard.client.Backbone;
import io.recoverysync.dashboard.service.RunWords;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Refresh all: a case manager's form starts a refresh of every patient of the organization (or joins the one still
 * open) and follows it on its page — progress, then the summary and every failed patient by name with the reason in
 * words. The form carries the CSRF token; a POST without it is refused.
 */
@Path("/")
@Authenticated
public class RefreshResource {
    /** The run page's note, for the run it was made for only (the cookie's path is the run's page). */
    static final String NOTE = "run_note";
    private static final int NOTE_AGE_SECONDS = 600;

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance run(SignedInUser user, RunPage run);

        static native TemplateInstance run$status(RunPage run);
    }

    private final Backbone backbone;
    private final CurrentUser currentUser;

    public RefreshResource(Backbone backbone, CurrentUser currentUser) {
        this.backbone = backbone;
        this.currentUser = currentUser;
    }

    @POST
    @Path("refresh-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> refreshAll(@CookieParam(Csrf.COOKIE) String cookie, @FormParam(Csrf.FIELD) String token) {
        SignedInUser user = currentUser.get();
        if (!Csrf.matches(cookie, token)) {
            return Uni.createFrom().item(PageErrors.expiredForm());
        }
        if (!TodayResource.isCaseManager(user)) {
            return Uni.createFrom().item(PageErrors.page(403, "Not available",
                    "Refreshing every patient is for case managers and organization admins."));
        }
        return backbone.refreshAll().chain(refresh -> note(user, refresh).map(note -> {
            String path = "/runs/" + refresh.runId();
            Response.ResponseBuilder answer = Response.seeOther(URI.create(path));
            if (note != null) {
                answer.cookie(new NewCookie.Builder(NOTE).path(path).httpOnly(true).sameSite(NewCookie.SameSite.LAX)
                        .maxAge(NOTE_AGE_SECONDS).value(Base64.getUrlEncoder().withoutPadding()
                                .encodeToString(note.getBytes(StandardCharsets.UTF_8))).build());
            }
            return answer.build();
        }));
    }

    /** What the run page says above the progress: the IntakeQ budget in words, or that an open run was joined. */
    private Uni<String> note(SignedInUser user, Backbone.Refresh refresh) {
        if (refresh.joined()) {
            return Uni.createFrom().item(RunWords.JOINED);
        }
        BulkStarted.Quota quota = refresh.quota();
        if (quota == null) {
            return Uni.createFrom().nullItem();
        }
        return backbone.organization(user.organizationId())
                .map(org -> RunWords.budget(quota.requestsNeeded(), quota.remainingToday(), quota.requestsPerMinute(),
                        quota.estimatedFinishAt(), quota.fitsInDailyBudget(), ZoneId.of(org.timeZone())))
                .onFailure().recoverWithNull();
    }

    @GET
    @Path("runs/{runId}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> run(@RestPath String runId, @CookieParam(NOTE) String note) {
        SignedInUser user = currentUser.get();
        return page(runId).map(run -> run == null ? notFound() : Response.ok(Templates.run(user, withNote(run, note))).build());
    }

    /** The run with the note its cookie carries (set when Refresh all was pressed), if any. */
    private static RunPage withNote(RunPage run, String cookie) {
        if (cookie == null) {
            return run;
        }
        try {
            return run.withNote(new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return run;
        }
    }

    /** The progress alone, for the page's polling. */
    @GET
    @Path("runs/{runId}/status")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> status(@RestPath String runId, @CookieParam(NOTE) String note) {
        return page(runId).map(run -> run == null ? notFound()
                : Response.ok(Templates.run$status(withNote(run, note))).build());
    }

    private Uni<RunPage> page(String runId) {
        UUID id = PathIds.uuid(runId);
        SignedInUser user = currentUser.get();
        if (id != null && user.organizationId() == null && user.ops()) {
            // operators see every organization's runs, and patients by id (names are the organization's own)
            return backbone.run(id).map(RunWords::byPatientId)
                    .onFailure(e -> Backbone.answered(e, 404))
                    .recoverWithNull();
        }
        if (id == null || user.organizationId() == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.combine().all().unis(backbone.run(id), backbone.activePatients(user.organizationId())).asTuple()
                .map(t -> RunWords.of(t.getItem1(), t.getItem2()))
                .onFailure(e -> Backbone.answered(e, 404))
                .recoverWithNull();
    }

    private static Response notFound() {
        return PageErrors.page(404, "Refresh not found", "There is no refresh of your organization at this address.");
    }
}
