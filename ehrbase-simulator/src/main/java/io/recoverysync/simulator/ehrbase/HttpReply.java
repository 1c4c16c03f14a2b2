package io.recoverysync.simulator.ehrbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.recoverysync.simulator.kit.SimulatorHttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fully computed HTTP answer, built first and written later so that injected latency delays the whole response. */
record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    static final String XML = "application/xml;charset=UTF-8";
    static final String FLAT = "application/openehr.wt.flat.schema+json";
    static final String TEXT = "text/plain;charset=UTF-8";
    static final String INTERNAL_ERROR_MESSAGE = "An internal error has occurred. Please contact your administrator.";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static HttpReply empty(int status) {
        return new HttpReply(status, null, new byte[0], Map.of());
    }

    static HttpReply json(int status, Object body) {
        try {
            return new HttpReply(status, JSON, MAPPER.writeValueAsBytes(body), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpReply xml(int status, String body) {
        return new HttpReply(status, XML, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static HttpReply text(int status, String body) {
        return new HttpReply(status, TEXT, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** EHRbase's application error body. */
    static HttpReply error(int status, String message) {
        if (message == null) {
            return empty(status);
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", SimulatorHttp.reason(status));
        body.put("message", message);
        return json(status, body);
    }

    static HttpReply of(CdrException e) {
        HttpReply reply = error(e.status(), e.getMessage());
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            reply = reply.withHeader(h.getKey(), h.getValue());
        }
        return reply;
    }

    /** Spring Boot's default error body, which EHRbase sends for 401 and 415 (errors raised before its own code). */
    static HttpReply springError(int status, String path) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("timestamp", Instant.now().toString());
        body.put("status", status);
        body.put("error", SimulatorHttp.reason(status));
        body.put("path", path);
        return json(status, body);
    }

    HttpReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpReply(status, contentType, body, copy);
    }

    /**
     * This answer as a proxy that cut it off would deliver it: the same status, half the body (JSON that no longer
     * parses) and no {@code ETag} or {@code Location}.
     */
    HttpReply garbled() {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(name -> name.equalsIgnoreCase("ETag") || name.equalsIgnoreCase("Location"));
        return new HttpReply(status, contentType, Arrays.copyOf(body, body.length / 2), kept);
    }

    HttpReply withContentType(String type) {
        return new HttpReply(status, type, body, headers);
    }

    void writeTo(HttpExchange exchange) throws IOException {
        SimulatorHttp.write(exchange, status, contentType, body, headers);
    }

    /** Query parameters (names are case-sensitive, as in Spring); the first occurrence of a name wins. */
    static Map<String, String> queryParams(String rawQuery) {
        return SimulatorHttp.queryParams(rawQuery, false);
    }
}
