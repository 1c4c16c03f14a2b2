package io.recoverysync.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import java.time.Duration;
import java.time.Instant;

/**
 * The checks each service's tests make of what Quarkus serves for operations (health, OpenAPI, Prometheus), against
 * the application under test (RestAssured's configured port).
 */
public final class OperationsEndpoints {
    private static final String MESSAGING_CHECK = "SmallRye Reactive Messaging - readiness check";
    private static final String DATABASE_CHECK = "Reactive PostgreSQL connections health check";

    private OperationsEndpoints() {
    }

    /**
     * Waits up to {@code within} for readiness to be UP with the Kafka check (listing {@code channel}) and the reactive
     * PostgreSQL check among its checks; liveness is UP too.
     */
    public static void assertReady(String channel, Duration within) {
        Instant deadline = Instant.now().plus(within);
        for (;;) {
            try {
                given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems(MESSAGING_CHECK, DATABASE_CHECK))
                        .body("checks.find { it.name == '" + MESSAGING_CHECK + "' }.data", hasKey(channel));
                break;
            } catch (AssertionError notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                pause();
            }
        }
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** The OpenAPI document needs a token (401 without) and, with one, is titled {@code title} and lists {@code path}. */
    public static void assertOpenApi(String title, String path) {
        given().get("/q/openapi").then().statusCode(401);
        given().auth().oauth2(TestTokens.DEFAULT.ops()).queryParam("format", "json").get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo(title))
                .body("paths", hasKey(path));
    }

    /** The Prometheus exposition of {@code /q/metrics}, open without a token. */
    public static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for readiness", e);
        }
    }
}
