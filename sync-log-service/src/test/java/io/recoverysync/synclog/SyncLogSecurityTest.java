package io.recoverysync.synclog;

import static io.recoverysync.testsupport.AuthMatrix.Endpoint.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.testsupport.AuthMatrix;
import io.recoverysync.testsupport.HttpLayerChecks;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.RequestFuzzer;
import io.recoverysync.testsupport.TestTokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 6 for the run log: a partner reads its own organization's runs only; bad parameters are 4xx problems. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class SyncLogSecurityTest extends WithSyncEvents {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;

    @Test
    void everyEndpointAnswersEachCallerAsExpected() {
        UUID own = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID ownRun = UUID.randomUUID();
        UUID otherRun = UUID.randomUUID();
        events.send(SyncEvents.runStarted(ownRun, own, 0));
        events.send(SyncEvents.runStarted(otherRun, other, 0));
        Runs.awaitStatus(ownRun, "completed");
        Runs.awaitStatus(otherRun, "completed");

        new AuthMatrix(TOKENS, own, other, List.of(Caller.PARTNER))
                // columns: no token, expired, other org's partner, own partner, ops
                .expect(get("/api/sync-logs/" + ownRun), 401, 401, 404, 200, 200)
                .expect(get("/api/sync-logs/" + UUID.randomUUID()), 401, 401, 404, 404, 404)
                .expect(get("/api/sync-logs/" + ownRun + "/progress"), 401, 401, 404, 200, 200)
                .expect(get("/api/sync-logs/" + UUID.randomUUID() + "/progress"), 401, 401, 404, 404, 404)
                .expect(get("/api/sync-logs"), 401, 401, 200, 200, 200)
                .expect(get("/api/sync-logs?organizationId=" + own), 401, 401, 404, 200, 200)
                .expect(get("/api/sync-logs/recent"), 401, 401, 200, 200, 200)
                .expect(get("/api/sync-logs/recent?organizationId=" + own), 401, 401, 404, 200, 200)
                .expect(get("/q/health/live"), 200, 200, 200, 200, 200)
                .verify();

        // listings without a filter are narrowed to the caller's organization, not widened to every one
        given().auth().oauth2(TOKENS.partner(own)).get("/api/sync-logs?limit=500")
                .then().statusCode(200).body("organizationId", everyItem(equalTo(own.toString())));
        given().auth().oauth2(TOKENS.partner(own)).get("/api/sync-logs/recent?limit=500")
                .then().statusCode(200).body("organizationId", everyItem(equalTo(own.toString())))
                .body("id", not(hasItem(otherRun.toString())));
        given().auth().oauth2(TOKENS.ops()).get("/api/sync-logs?limit=500")
                .then().statusCode(200).body("id", hasItem(otherRun.toString())).body("id", hasItem(ownRun.toString()));
    }

    @Test
    void malformedParametersAreRefusedWithProblems() {
        RequestFuzzer ops = new RequestFuzzer(11L, TOKENS.ops())
                .paths("GET", bad -> "/api/sync-logs/" + bad)
                .paths("GET", bad -> "/api/sync-logs?organizationId=" + bad)
                .paths("GET", bad -> "/api/sync-logs?status=" + bad)
                .paths("GET", bad -> "/api/sync-logs?syncType=" + bad)
                .paths("GET", bad -> "/api/sync-logs?limit=" + bad)
                .paths("GET", bad -> "/api/sync-logs/recent?limit=" + bad)
                .paths("GET", bad -> "/api/sync-logs/recent?syncType=" + bad)
                .paths("GET", bad -> "/api/sync-logs/" + bad + "/progress");
        ops.verify();
        RequestFuzzer partner = new RequestFuzzer(12L, TOKENS.partner(UUID.randomUUID()))
                .paths("GET", bad -> "/api/sync-logs/recent?organizationId=" + bad)
                .paths("POST", bad -> "/api/sync-logs/" + bad);
        partner.verify();
        assertTrue(ops.refused() + partner.refused() > 180, "the bad values were refused, not accepted");
    }

    /** Errors outside the REST layer are problems too; what Vert.x and Quarkus answer before any route has no body. */
    @Test
    void errorsOutsideTheRestLayerAreProblems() {
        HttpLayerChecks.verify();
    }
}
