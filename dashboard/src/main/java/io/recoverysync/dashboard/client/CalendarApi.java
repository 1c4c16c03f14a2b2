package io.recoverysync.dashboard.client;

import io.recoverysync.contracts.api.CalendarFeed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;

/**
 * sync-scheduler's calendar feeds, called with the user's access token: a case manager lists, makes and revokes
 * their own; an organization admin every feed of the organization.
 */
@RegisterRestClient(configKey = "scheduler")
interface CalendarApi {
    /** The body of a new feed: its label. */
    record NewFeed(String label) {
    }

    @GET
    @Path("/api/calendar/feeds")
    Uni<List<CalendarFeed>> feeds(@HeaderParam("Authorization") String bearer);

    /** 201 with the feed and its secret URL (shown once). */
    @POST
    @Path("/api/calendar/feeds")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<CalendarFeed> create(@HeaderParam("Authorization") String bearer, NewFeed body);

    /** 204; 404 for a feed that is not the user's to revoke. */
    @DELETE
    @Path("/api/calendar/feeds/{feedId}")
    Uni<Void> revoke(@HeaderParam("Authorization") String bearer, @RestPath UUID feedId);
}
