package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The pages a person sees without a session: after signing out, and when the session has expired. */
@Path("/")
@PermitAll
public class PublicPages {
    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance signedOut();

        static native TemplateInstance sessionExpired();
    }

    @GET
    @Path("signed-out")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    @GET
    @Path("session-expired")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance sessionExpired() {
        return Templates.sessionExpired();
    }
}
