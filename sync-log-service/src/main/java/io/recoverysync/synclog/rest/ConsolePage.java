package io.recoverysync.synclog.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Sends {@code /console} to {@code /console/}, where the static page is served and its relative links resolve. */
@Path("/console")
@PermitAll
public class ConsolePage {

    @GET
    public Response redirect() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/console/")).build();
    }
}
