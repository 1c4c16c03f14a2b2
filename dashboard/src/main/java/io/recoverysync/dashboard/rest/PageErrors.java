package io.recoverysync.dashboard.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a person sees when a page cannot be made: a page in words (the services could not be reached, or the page
 * does not exist), never a stack trace; the cause goes to the log without request data.
 */
public class PageErrors {
    private static final Logger LOG = Logger.getLogger(PageErrors.class);

    @CheckedTemplate(basePath = "Pages")
    static class Templates {
        static native TemplateInstance error(String title, String message);
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 404) {
            return page(404, "Page not found", "There is no page at this address.");
        }
        if (status >= 500 || status == 401 || status == 403) {
            // an answer of a service the page reads (its own refusal included): the page cannot be shown
            LOG.warnf("a page could not be made: a service answered %d", status);
            return page(503, "Not available right now", "The sync services did not answer as expected. Try again in a minute.");
        }
        return page(status, "Request not understood", "The page could not be shown for this request.");
    }

    @ServerExceptionMapper({io.smallrye.mutiny.TimeoutException.class, java.net.ConnectException.class})
    public Response mapUnavailable(Exception e) {
        LOG.warnf("a page could not be made: %s", e.getClass().getSimpleName());
        return page(503, "Not available right now", "The sync services could not be reached. Try again in a minute.");
    }

    @ServerExceptionMapper
    public Response mapAnything(RuntimeException e) {
        LOG.errorf("a page failed: %s", e.getClass().getName());
        return page(503, "Not available right now", "Something went wrong while making this page. Try again in a minute.");
    }

    /** A form posted without this dashboard's CSRF token (another site's, or a page too old). */
    static Response expiredForm() {
        return page(403, "This form has expired",
                "The request did not come from a page of this dashboard. Open the page again and repeat.");
    }

    static Response page(int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.error(title, message)).build();
    }
}
