package io.recoverysync.servicekit;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Problem documents for what is refused in the HTTP layer, outside the REST resources, like every other error: a
 * declared body over {@code quarkus.http.limits.max-body-size} (413, before anything reads it), and any other routing
 * failure nobody answered (a request without a Host header, a failing health, metrics or OpenAPI route). Security
 * failures are left to Quarkus: its 401 challenge carries a problem through {@link ProblemChallenge}.
 *
 * <p>Not reachable from here, so still answered without a body: a request line or headers over the limits (414,
 * 431) or a request the HTTP decoder cannot read (400), answered by Vert.x's default invalid-request handler before
 * any route (Quarkus never lets the application replace it), and a request target that {@code java.net.URI} refuses,
 * such as a bad percent-encoding ({@code /x/%zz}, {@code ?a=%zz}), answered 400 by Quarkus's own request handler
 * before the router.
 */
@ApplicationScoped
public class HttpLayerProblems {
    private static final Logger LOG = Logger.getLogger(HttpLayerProblems.class);
    /** Quarkus checks the body length at order -2; this answers first, with a body. */
    static final int BODY_LIMIT_ORDER = -3;
    /** After every other failure handler; before Quarkus's last-resort error handler, which answers without a problem. */
    static final int FAILURE_ORDER = RouteConstants.ROUTE_ORDER_AFTER_DEFAULT;

    private final Optional<MemorySize> maxBodySize;

    public HttpLayerProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        router.route().order(FAILURE_ORDER).failureHandler(HttpLayerProblems::answerFailure);
        maxBodySize.ifPresent(size -> {
            long limit = size.asLongValue();
            router.route().order(BODY_LIMIT_ORDER).handler(context -> refuseLargeBody(context, limit));
        });
    }

    private static void refuseLargeBody(RoutingContext context, long limit) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > limit) {
            answer(context.response(), Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "The request body is larger than " + limit + " bytes."), true);
        } else {
            context.next();
        }
    }

    /**
     * A routing failure nobody answered (the REST layer answers its own through {@link ProblemMappers}): a problem
     * with the failure's status and no internals. Security failures go on to Quarkus, which challenges.
     */
    private static void answerFailure(RoutingContext context) {
        Throwable failure = context.failure();
        HttpServerResponse response = context.response();
        if (response.ended() || response.headWritten() || security(failure)) {
            context.next();
            return;
        }
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String detail;
        if (status >= 500) {
            LOG.error("unhandled error in the HTTP layer", failure);
            detail = "An internal error occurred.";
        } else {
            detail = status == 400 ? "The request is malformed." : title + ".";
        }
        // a request refused before its body was read leaves the connection in an unknown state
        answer(response, new Problem("about:blank", title, status, detail, List.of()), status == 400 || status == 413);
    }

    /** Whether {@code failure} or one of its causes is Quarkus's authentication or authorization failure. */
    private static boolean security(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof UnauthorizedException || t instanceof ForbiddenException) {
                return true;
            }
        }
        return false;
    }

    private static void answer(HttpServerResponse response, Problem problem, boolean close) {
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            response.putHeader("Connection", "close");
        }
        response.end(Json.encode(problem));
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
