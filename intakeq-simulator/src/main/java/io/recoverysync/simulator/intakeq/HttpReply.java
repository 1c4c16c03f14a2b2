package io.recoverysync.simulator.intakeq;

import com.sun.net.httpserver.HttpExchange;
import io.recoverysync.simulator.kit.SimulatorHttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fully computed HTTP answer, built first and written later so that injected latency delays the whole response. */
record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    static HttpReply json(int status, byte[] body) {
        return new HttpReply(status, JSON, body, Map.of());
    }

    static HttpReply text(int status, String body) {
        return new HttpReply(status, TEXT, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    HttpReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpReply(status, contentType, body, copy);
    }

    void writeTo(HttpExchange exchange) throws IOException {
        SimulatorHttp.write(exchange, status, contentType, body, headers);
    }

    /**
     * Query parameters keyed in lower case: ASP.NET binds query names case-insensitively, which is also why both
     * {@code includeProfile} and {@code IncludeProfile} work. The first occurrence of a name wins.
     */
    static Map<String, String> queryParams(String rawQuery) {
        return SimulatorHttp.queryParams(rawQuery, true);
    }
}
