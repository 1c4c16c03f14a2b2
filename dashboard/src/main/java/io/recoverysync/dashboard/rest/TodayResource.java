package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.recoverysync.contracts.api.OrganizationAppointments;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.dashboard.SignedInUser;
import io.recoverysync.dashboard.TodayPage;
import io.recoverysync.dashboard.client.Backbone;
import io.recoverysync.dashboard.service.DayView;
import io.recoverysync.dashboard.service.LiveChanges;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The case manager's day: today's and the week's appointments of the organization's active patients, what changed
 * marked in words, refreshed live when appointment-sync announces a change of the organization's appointments.
 * The data comes from the services with the user's own access token; the "last look" cookie (an instant only)
 * says which changes are new since the user last opened the page.
 */
@Path("/")
@Authenticated
public class TodayResource {
    static final String LAST_LOOK = "last_look";
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance today(SignedInUser user, TodayPage page, String csrf);

        static native TemplateInstance today$days(TodayPage page);

        static native TemplateInstance notForYou(SignedInUser user, String message);
    }

    private final Backbone backbone;
    private final CurrentUser currentUser;
    private final LiveChanges live;
    private final Clock clock;

    public TodayResource(Backbone backbone, CurrentUser currentUser, LiveChanges live) {
        this.backbone = backbone;
        this.currentUser = currentUser;
        this.live = live;
        this.clock = Clock.systemUTC();
    }

    @GET
    public Response home() {
        SignedInUser user = currentUser.get();
        String page = user.caseManager() ? "/today" : user.ops() ? "/ops" : user.clinician() ? "/notes" : "/today";
        return Response.seeOther(URI.create(page)).build();
    }

    @GET
    @Path("today")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> today(@CookieParam(LAST_LOOK) String lastLook, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        SignedInUser user = currentUser.get();
        Optional<Response> refused = refuse(user);
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        Instant now = clock.instant();
        String csrf = Csrf.tokenFor(csrfCookie);
        return page(user, now, parse(lastLook))
                .map(page -> Response.ok(Templates.today(user, page, csrf))
                        .cookie(new NewCookie.Builder(LAST_LOOK).value(now.toString()).path("/").httpOnly(true)
                                .sameSite(NewCookie.SameSite.LAX).maxAge((int) Duration.ofDays(30).toSeconds()).build(),
                                Csrf.cookie(csrf))
                        .build());
    }

    /** Case managers and organization admins of an organization: the day view and Refresh all are theirs. */
    static boolean isCaseManager(SignedInUser user) {
        return user.caseManager();
    }

    /** The days alone, for the page's live refresh (the last look is not moved). */
    @GET
    @Path("today/days")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> days(@CookieParam(LAST_LOOK) String lastLook) {
        SignedInUser user = currentUser.get();
        Optional<Response> refused = refuse(user);
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        return page(user, clock.instant(), parse(lastLook)).map(page -> Response.ok(Templates.today$days(page)).build());
    }

    /** Server-sent events: "changed" when the organization's appointments changed, "ping" every 15 s. */
    @GET
    @Path("today/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> live() {
        SignedInUser user = currentUser.get();
        if (refuse(user).isPresent()) {
            return Multi.createFrom().empty();
        }
        return Multi.createBy().merging().streams(
                live.of(user.organizationId()).map(org -> "changed"),
                Multi.createFrom().ticks().every(HEARTBEAT).map(tick -> "ping"));
    }

    private Optional<Response> refuse(SignedInUser user) {
        return isCaseManager(user) ? Optional.empty() : Optional.of(notForYou(user));
    }

    /** The 403 page of a user who is not a case manager of an organization, saying why in words. */
    static Response notForYou(SignedInUser user) {
        String message = user.organizationId() == null
                ? "Your sign-in names no organization, so there is nothing of a recovery center to show. Ask your administrator to add you to your recovery center."
                : "These pages are for case managers and organization admins.";
        return Response.status(Response.Status.FORBIDDEN).entity(Templates.notForYou(user, message))
                .type(MediaType.TEXT_HTML).build();
    }

    private Uni<TodayPage> page(SignedInUser user, Instant now, Instant lastLook) {
        // the roster is read while the organization (kept a minute) gives the week's range in its zone
        Uni<RosterOrganization> organization = backbone.organization(user.organizationId()).memoize().indefinitely();
        Uni<OrganizationAppointments> appointments = organization.chain(org -> {
            Instant[] range = DayView.range(ZoneId.of(org.timeZone()), now);
            return backbone.appointmentsOrNone(org.id(), null, range[0], range[1], now.minus(Duration.ofDays(1)));
        });
        return Uni.combine().all().unis(organization, backbone.activePatients(user.organizationId()), appointments)
                .asTuple().map(t -> DayView.build(t.getItem1(), t.getItem2(), t.getItem3(), now, lastLook));
    }

    private static Instant parse(String lastLook) {
        try {
            return lastLook == null ? null : Instant.parse(lastLook);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

}
