package io.recoverysync.simulator.ehrbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        body.put("error", reason(status));
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
        body.put("error", reason(status));
        body.put("path", path);
        return json(status, body);
    }

    HttpReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpReply(status, contentType, body, copy);
    }

    HttpReply withContentType(String type) {
        return new HttpReply(status, type, body, headers);
    }

    void writeTo(HttpExchange exchange) throws IOException {
        try {
            // Drain the request so the connection can be reused for the next keep-alive request.
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException alreadyRead) {
                // the handler read and closed it already
            }
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean noBody = body.length == 0 || status == 204 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }

    /** Query parameters (names are case-sensitive, as in Spring); the first occurrence of a name wins. */
    static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return s;
        }
    }
}
