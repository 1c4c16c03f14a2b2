package io.recoverysync.synclog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/** Waits, through the REST API, for the sync log service to have applied what a test published. */
final class Runs {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Runs() {
    }

    /** The run's view once its status is {@code status}. */
    static ValidatableResponse awaitStatus(UUID runId, String status) {
        return awaitField(runId, "status", status);
    }

    /** The run's view once it has counted {@code processed} results. */
    static ValidatableResponse awaitProcessed(UUID runId, int processed) {
        return awaitField(runId, "patientsProcessed", processed);
    }

    /** The run's view once its field {@code name} equals {@code value}. */
    static ValidatableResponse awaitField(UUID runId, String name, Object value) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Objects.equals(value, field(runId, name)));
        return get(runId);
    }

    /** A request as an ops user, who may read every organization's runs. */
    static io.restassured.specification.RequestSpecification asOps() {
        return given().auth().oauth2(io.recoverysync.testsupport.TestTokens.DEFAULT.ops());
    }

    static ValidatableResponse get(UUID runId) {
        return asOps().when().get("/api/sync-logs/{id}", runId.toString()).then();
    }

    /** One field of the run's view, null while the run is unknown; polled without assertions, whose failures log. */
    private static Object field(UUID runId, String name) {
        var response = asOps().when().get("/api/sync-logs/{id}", runId.toString());
        return response.statusCode() == 200 ? response.jsonPath().get(name) : null;
    }
}
