package io.recoverysync.simulator.ehrbase;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An application error EHRbase answers with {@code {"error": <reason phrase>, "message": <text>}}; a null
 * message means an empty body (e.g. the 404 of a PUT to an unknown composition).
 */
final class CdrException extends RuntimeException {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();

    CdrException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static CdrException badRequest(String message) {
        return new CdrException(400, message);
    }

    /** EHRbase hides the cause of every 500 behind one sentence. */
    static CdrException internal() {
        return new CdrException(500, HttpReply.INTERNAL_ERROR_MESSAGE);
    }

    CdrException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }
}
