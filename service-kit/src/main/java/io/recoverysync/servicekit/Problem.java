package io.recoverysync.servicekit;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}); the only error body any service returns.
 *
 * @param type   a URI naming the kind of problem
 * @param title  a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request, without class names or stack traces
 * @param errors the offending fields, when the request was invalid
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request; {@code line} names the row of an import (left out otherwise). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer line, String field, String message) {
        public FieldError(String field, String message) {
            this(null, field, message);
        }
    }

    public static Problem of(Response.Status status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, List.of());
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem("/problems/invalid-request", "Bad Request", 400, detail, errors);
    }

    /** A well-formed request that refers to something it may not (422), naming the field. */
    public static Problem unprocessable(String detail, FieldError error) {
        return new Problem("/problems/unprocessable", "Unprocessable Content", 422, detail, List.of(error));
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }

    /** A problem response for {@code status} with {@code detail}. */
    public static Response response(Response.Status status, String detail) {
        return of(status, detail).toResponse();
    }
}
