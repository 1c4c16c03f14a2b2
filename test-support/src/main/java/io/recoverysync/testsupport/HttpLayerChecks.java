package io.recoverysync.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;

/**
 * What every service answers in the HTTP layer, outside its REST resources, checked with raw requests against the
 * application under test (RestAssured's port): the problem documents service-kit gives there, and the answers that
 * Vert.x and Quarkus give before any route, still without a body (see service-kit's {@code HttpLayerProblems}).
 */
public final class HttpLayerChecks {
    private HttpLayerChecks() {
    }

    /** Every check below. */
    public static void verify() {
        openApiWithoutUsableTokenIsAProblem401();
        requestWithoutHostIsAProblem400();
        declaredBodyOverTheLimitIsAProblem413();
        answeredBeforeAnyRouteWithoutABody();
    }

    /** {@code /q/openapi} (an HTTP permission, not a REST endpoint) refuses no token and a non-bearer one like a REST 401. */
    public static void openApiWithoutUsableTokenIsAProblem401() {
        for (String[] headers : new String[][] {{}, {"Authorization: Basic dXNlcjpwYXNz"}, {"Authorization: Bearer not-a-jwt"}}) {
            RawHttp.Answer answer = RawHttp.request(RestAssured.port, "GET", "/q/openapi", headers);
            String what = "GET /q/openapi with " + String.join(",", headers);
            assertEquals(401, answer.status(), what);
            assertEquals("Bearer", answer.header("WWW-Authenticate"), what);
            assertProblem(answer, 401, what);
        }
    }

    /** An HTTP/1.1 request without a Host header: refused by the router, answered with a problem (no internals). */
    public static void requestWithoutHostIsAProblem400() {
        RawHttp.Answer answer = RawHttp.send(RestAssured.port,
                "GET /q/health/live HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(400, answer.status());
        assertProblem(answer, 400, "a request without Host");
    }

    /** A declared body over the limit is refused before it is read, with a problem, on any path. */
    public static void declaredBodyOverTheLimitIsAProblem413() {
        RawHttp.Answer answer = RawHttp.request(RestAssured.port, "POST", "/q/health/live",
                "Content-Type: application/json", "Content-Length: 999999999");
        assertEquals(413, answer.status());
        assertProblem(answer, 413, "a declared body of 999999999 bytes");
    }

    /**
     * Answered before any route, so without a body: a request target {@code java.net.URI} refuses (bad
     * percent-encoding in the path or the query) by Quarkus's request handler (400); a request line or headers over
     * the limits (414, 431) and an unreadable request (400) by Vert.x's default invalid-request handler. When one of
     * these starts carrying a body, the application can reach it: give it a problem and change this check.
     */
    public static void answeredBeforeAnyRouteWithoutABody() {
        int port = RestAssured.port;
        assertBare(RawHttp.request(port, "GET", "/q/health/live/%zz"), 400, "a bad escape in the path");
        assertBare(RawHttp.request(port, "GET", "/q/health/live?a=%zz"), 400, "a bad escape in the query");
        assertBare(RawHttp.request(port, "GET", "/q/health/live?a=" + "a".repeat(5000)), 414, "a 5000-byte request line");
        assertBare(RawHttp.request(port, "GET", "/q/health/live", "X-Padding: " + "b".repeat(30_000)), 431,
                "30 kB of headers");
        assertBare(RawHttp.send(port, "NOT HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)), 400, "not HTTP");
    }

    private static void assertProblem(RawHttp.Answer answer, int status, String what) {
        assertTrue(answer.contentType().startsWith("application/problem+json"), what + ": " + answer);
        assertTrue(answer.body().contains("\"status\":" + status), what + ": " + answer.body());
        assertFalse(answer.body().contains("Exception") || answer.body().contains("io.vertx"), what + " leaks: " + answer.body());
    }

    private static void assertBare(RawHttp.Answer answer, int status, String what) {
        assertEquals(status, answer.status(), what + ": " + answer);
        assertEquals("", answer.body(), what + " is answered before any route: " + answer);
    }
}
