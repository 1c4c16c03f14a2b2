package io.recoverysync.scheduler.rest;

import io.recoverysync.scheduler.config.SchedulerConfig;
import io.recoverysync.scheduler.repository.CalendarFeedRepository;
import io.recoverysync.scheduler.repository.RosterRepository;
import io.recoverysync.scheduler.service.CalendarFeeds;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Ids;
import io.recoverysync.servicekit.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Calendar feeds for case managers: a partner (or the organization's admin) makes a feed of its organization's
 * appointments and gets its secret URL once; the URL serves iCalendar to any calendar app without a token (the
 * secret is the credential, as in every calendar subscription) until the feed is revoked. A partner sees and
 * revokes its own feeds, the organization's admin every feed of the organization, ops any (naming the organization).
 */
@Path("/api/calendar")
public class CalendarResource {
    static final String CALENDAR_TYPE = "text/calendar;charset=utf-8";

    private final CalendarFeeds feeds;
    private final CalendarFeedRepository repository;
    private final RosterRepository roster;
    private final SchedulerConfig config;
    private final Caller caller;

    public CalendarResource(CalendarFeeds feeds, CalendarFeedRepository repository, RosterRepository roster,
            SchedulerConfig config, Caller caller) {
        this.feeds = feeds;
        this.repository = repository;
        this.roster = roster;
        this.config = config;
        this.caller = caller;
    }

    /** Request body of a new feed: an optional label ("Front desk iPad"). */
    public record NewFeed(String label) {
    }

    /** A new feed: {@code url} is its secret address, shown only in this answer. */
    public record CreatedFeed(UUID id, UUID organizationId, String label, Instant createdAt, String url) {
    }

    @POST
    @Path("/feeds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.PARTNER, Caller.ORG_ADMIN})
    public Uni<Response> create(NewFeed body, @Context UriInfo uri) {
        String label = body == null || body.label() == null ? null : body.label().strip();
        if (label != null && (label.length() > 100 || label.chars().anyMatch(Character::isISOControl))) {
            return Uni.createFrom().item(Problem.invalid("The request is invalid.", List.of(
                    new Problem.FieldError("label", "at most 100 characters without control characters"))).toResponse());
        }
        UUID org = caller.requireOrganization();
        return roster.organizationExists(org).chain(known -> !known ? Uni.createFrom().item(unknownOrganization())
                : feeds.create(org, caller.subject(), caller.role(), label == null || label.isEmpty() ? null : label)
                        .map(created -> {
                            String url = base(uri) + "api/calendar/" + created.token() + "/appointments.ics";
                            CalendarFeedRepository.Feed f = created.feed();
                            return Response.created(URI.create("/api/calendar/feeds/" + f.id()))
                                    .entity(new CreatedFeed(f.id(), f.organizationId(), f.label(), f.createdAt(), url))
                                    .build();
                        }));
    }

    @GET
    @Path("/feeds")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.PARTNER, Caller.ORG_ADMIN, Caller.OPS})
    public Uni<Response> list(@QueryParam("organizationId") String organizationId) {
        UUID org = caller.scopedOrganization(organizationId);
        String owner = caller.isOps() || caller.hasRole(Caller.ORG_ADMIN) ? null : caller.subject();
        return repository.list(org, owner).map(list -> Response.ok(list).build());
    }

    @DELETE
    @Path("/feeds/{feedId}")
    @RolesAllowed({Caller.PARTNER, Caller.ORG_ADMIN, Caller.OPS})
    public Uni<Response> revoke(@PathParam("feedId") String feedId) {
        UUID id = Ids.parse(feedId);
        if (id == null) {
            return Uni.createFrom().item(unknownFeed());
        }
        return repository.find(id).chain(feed -> {
            boolean allowed = feed != null && caller.mayAccess(feed.organizationId())
                    && (caller.isOps() || caller.hasRole(Caller.ORG_ADMIN) || feed.ownerSubject().equals(caller.subject()));
            return !allowed ? Uni.createFrom().item(unknownFeed())
                    : repository.revoke(id).map(revoked -> Response.noContent().build());
        });
    }

    /** The feed itself: iCalendar for a live feed, 404 for any other secret, 503 while appointments cannot be read. */
    @GET
    @Path("/{token}/appointments.ics")
    @PermitAll
    public Uni<Response> calendar(@PathParam("token") String token) {
        return feeds.serve(token).map(served -> {
            if (!served.found()) {
                return unknownFeed();
            }
            if (!served.available()) {
                return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                        "The appointments cannot be read right now; try again shortly.")).header("Retry-After", "60").build();
            }
            return Response.ok(served.calendar(), CALENDAR_TYPE)
                    .header("Cache-Control", "private, max-age=300")
                    .header("Referrer-Policy", "no-referrer")
                    .build();
        });
    }

    private String base(UriInfo uri) {
        String base = config.calendar().publicUrl().map(String::strip).filter(s -> !s.isEmpty())
                .orElse(uri.getBaseUri().toString());
        return base.endsWith("/") ? base : base + "/";
    }

    private static Response unknownFeed() {
        return Problem.response(Response.Status.NOT_FOUND, "Unknown calendar feed.");
    }

    private static Response unknownOrganization() {
        return Problem.response(Response.Status.NOT_FOUND, "Unknown organization.");
    }
}
