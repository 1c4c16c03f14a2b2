package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.recoverysync.dashboard.HistoryPage;
import io.recoverysync.dashboard.SignedInUser;
import io.recoverysync.dashboard.client.Backbone;
import io.recoverysync.dashboard.service.RunWords;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Sync history: the organization's recent runs (nightly, Refresh all, one patient), newest first, each with how it
 * ended in words and a link to its page, where every patient it could not refresh is named with the reason.
 */
@Path("/history")
@Authenticated
public class HistoryResource {
    /** Runs listed: a month of nightly runs with the refreshes between them. */
    static final int RUNS = 60;

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance history(SignedInUser user, HistoryPage page);
    }

    private final Backbone backbone;
    private final CurrentUser currentUser;

    public HistoryResource(Backbone backbone, CurrentUser currentUser) {
        this.backbone = backbone;
        this.currentUser = currentUser;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> history() {
        SignedInUser user = currentUser.get();
        if (!TodayResource.isCaseManager(user)) {
            return Uni.createFrom().item(TodayResource.notForYou(user));
        }
        return Uni.combine().all().unis(backbone.organization(user.organizationId()),
                        backbone.runs(user.organizationId(), RUNS)).asTuple()
                .map(t -> Response.ok(Templates.history(user, RunWords.history(t.getItem1(), t.getItem2()))).build());
    }
}
