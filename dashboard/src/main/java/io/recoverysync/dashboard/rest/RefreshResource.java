package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
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
        return backbone.refreshAll().map(run -> Response.seeOther(URI.create("/runs/" + run)).build());
    }

    @GET
    @Path("runs/{runId}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> run(@RestPath String runId) {
        SignedInUser user = currentUser.get();
        return page(runId).map(run -> run == null ? notFound() : Response.ok(Templates.run(user, run)).build());
    }

    /** The progress alone, for the page's polling. */
    @GET
    @Path("runs/{runId}/status")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> status(@RestPath String runId) {
        return page(runId).map(run -> run == null ? notFound() : Response.ok(Templates.run$status(run)).build());
    }

    private Uni<RunPage> page(String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().nullItem();
        }
        SignedInUser user = currentUser.get();
        if (user.organizationId() == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.combine().all().unis(backbone.run(id), backbone.activePatients(user.organizationId())).asTuple()
                .map(t -> RunWords.of(t.getItem1(), t.getItem2()))
                .onFailure(e -> e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithNull();
    }

    private static Response notFound() {
        return PageErrors.page(404, "Refresh not found", "There is no refresh of your organization at this address.");
    }
}
