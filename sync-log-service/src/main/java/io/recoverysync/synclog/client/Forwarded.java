package io.recoverysync.synclog.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A downstream service's answer as the console relays it: status, content type and body, unchanged.
 *
 * @param status      the downstream HTTP status
 * @param contentType its Content-Type, null when it sent none
 * @param body        its body, empty when it sent none
 */
public record Forwarded(int status, String contentType, String body) {
    /**
     * Waits for {@code call} at most {@code timeout}; every HTTP answer (4xx and 5xx included) is relayed, while a
     * refused connection, a reset or a timeout becomes {@link DownstreamUnavailable} naming {@code service}.
     */
    static Uni<Forwarded> relay(String service, Uni<Response> call, Duration timeout) {
        return call
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout))
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .map(Forwarded::of)
                .onFailure(e -> !(e instanceof DownstreamUnavailable))
                .transform(e -> new DownstreamUnavailable(service,
                        e instanceof TimeoutException || e.getCause() instanceof TimeoutException,
                        e instanceof ProcessingException && e.getCause() != null ? e.getCause() : e));
    }

    private static Forwarded of(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        return new Forwarded(response.getStatus(), response.getHeaderString(HttpHeaders.CONTENT_TYPE),
                body == null ? "" : body);
    }

    /** The downstream service could not be reached or did not answer in time. */
    public static final class DownstreamUnavailable extends RuntimeException {
        private final String service;
        private final boolean timedOut;

        DownstreamUnavailable(String service, boolean timedOut, Throwable cause) {
            super(service + (timedOut ? " did not answer in time" : " is unreachable") + ": "
                    + cause.getClass().getSimpleName(), cause);
            this.service = service;
            this.timedOut = timedOut;
        }

        public String service() {
            return service;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }
}
