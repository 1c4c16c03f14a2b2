package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.recoverysync.contracts.api.CalendarFeed;
import io.recoverysync.dashboard.CalendarPage;
import io.recoverysync.dashboard.SignedInUser;
import io.recoverysync.dashboard.client.Backbone;
import io.recoverysync.dashboard.service.CalendarFeeds;
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
 * Calendar: a case manager subscribes their calendar app to the organization's appointments (a feed's secret address,
 * shown once with a Copy button), sees their feeds and revokes one. An organization admin sees and revokes every feed
 * of the organization. Both forms carry the CSRF token.
 */
@Path("/calendar")
@Authenticated
public class CalendarResource {
    static final int LABEL_MAX = 100;

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance calendar(SignedInUser user, CalendarPage page, String csrf);
    }

    private final Backbone backbone;
    private final CurrentUser currentUser;

    public CalendarResource(Backbone backbone, CurrentUser currentUser) {
        this.backbone = backbone;
        this.currentUser = currentUser;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> feeds(@CookieParam(Csrf.COOKIE) String csrfCookie) {
        return render(csrfCookie, null, null);
    }

    /** Makes a feed and shows its address this once (the answer is the page itself, never cached). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> create(@FormParam("label") String label, @FormParam(Csrf.FIELD) String token,
            @CookieParam(Csrf.COOKIE) String csrfCookie) {
        if (!Csrf.matches(csrfCookie, token)) {
            return Uni.createFrom().item(PageErrors.expiredForm());
        }
        SignedInUser user = currentUser.get();
        if (!TodayResource.isCaseManager(user)) {
            return Uni.createFrom().item(TodayResource.notForYou(user));
        }
        String text = label == null ? "" : label.strip();
        if (text.length() > LABEL_MAX || text.chars().anyMatch(Character::isISOControl)) {
            return render(csrfCookie, null, "A label has at most " + LABEL_MAX + " characters.");
        }
        return backbone.createCalendarFeed(text.isEmpty() ? null : text)
                .chain(created -> render(csrfCookie, created, null));
    }

    @POST
    @Path("{feedId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> revoke(@RestPath String feedId, @FormParam(Csrf.FIELD) String token,
            @CookieParam(Csrf.COOKIE) String csrfCookie) {
        if (!Csrf.matches(csrfCookie, token)) {
            return Uni.createFrom().item(PageErrors.expiredForm());
        }
        SignedInUser user = currentUser.get();
        UUID id = PathIds.uuid(feedId);
        if (!TodayResource.isCaseManager(user) || id == null) {
            return Uni.createFrom().item(unknownFeed());
        }
        return backbone.revokeCalendarFeed(id)
                .map(revoked -> revoked ? Response.seeOther(URI.create("/calendar")).build() : unknownFeed());
    }

    private Uni<Response> render(String csrfCookie, CalendarFeed created, String error) {
        SignedInUser user = currentUser.get();
        if (!TodayResource.isCaseManager(user)) {
            return Uni.createFrom().item(TodayResource.notForYou(user));
        }
        String csrf = Csrf.tokenFor(csrfCookie);
        return Uni.combine().all().unis(backbone.organization(user.organizationId()), backbone.calendarFeeds()).asTuple()
                .map(t -> CalendarFeeds.page(t.getItem1(), t.getItem2(), created, error))
                .map(page -> Response.status(error == null ? 200 : 400).entity(Templates.calendar(user, page, csrf))
                        .type(MediaType.TEXT_HTML).header("Cache-Control", "no-store").cookie(Csrf.cookie(csrf)).build());
    }

    private static Response unknownFeed() {
        return PageErrors.page(404, "Calendar feed not found", "There is no calendar feed of yours at this address.");
    }
}
