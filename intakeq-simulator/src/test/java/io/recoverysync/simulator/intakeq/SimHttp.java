package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Test helper: a plain JDK HTTP client talking to a running simulator, plus a settable clock. */
final class SimHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private SimHttp() {
    }

    static HttpResponse<String> get(IntakeQSimulator sim, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .header("X-Auth-Key", sim.apiKey()).GET());
    }

    /** An authenticated {@code /api/v1} request with any method and no body. */
    static HttpResponse<String> api(IntakeQSimulator sim, String method, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .header("X-Auth-Key", sim.apiKey()).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    static HttpResponse<String> getWithKey(IntakeQSimulator sim, String pathAndQuery, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery)).GET();
        if (key != null) {
            b.header("X-Auth-Key", key);
        }
        return send(b);
    }

    static HttpResponse<String> admin(IntakeQSimulator sim, String method, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(sim.rootUrl() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return CLIENT.send(builder.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A clock tests can move, so quota windows and the 10-day delete window are testable without sleeping. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
