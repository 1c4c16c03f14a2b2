package io.recoverysync.synclog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The web console: its static page, and its proxy endpoints against a stand-in for sync-scheduler and
 * ehr-sync-service (header forwarding, status and body relayed as they are, 401 without credentials, 502/504 when
 * the downstream service is down or slow). The outage test stops the stand-in, so it runs last.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(DownstreamStub.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleResourceTest {
    private static final String SYNC_ALL = "/api/partner-dashboard/patients/sync-all";
    private static final String QUEUE = "/api/ehr/queue";
    private static final String PATIENTS = "/api/partner-dashboard/patients";
    private static final UUID CALLER_ORG = UUID.randomUUID();
    private static final String TOKEN = "Bearer " + TestTokens.DEFAULT.partner(CALLER_ORG);
    private static final String OPS = "Bearer " + TestTokens.DEFAULT.ops();

    DownstreamStub stub;

    @BeforeEach
    void clean() {
        stub.reset();
    }

    @Test
    @Order(1)
    void consolePageIsServedWithItsScriptAndStyles() {
        given().when().get("/console/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("Refresh all appointments"))
                .body(containsString("console.js"));
        given().when().get("/console/console.js")
                .then()
                .statusCode(200)
                .body(containsString("/api/console/sync-all"))
                .body(not(containsString("innerHTML")));
        given().when().get("/console/console.css").then().statusCode(200);
        given().redirects().follow(false).when().get("/console")
                .then()
                .statusCode(301)
                .header("Location", endsWith("/console/"));
    }

    @Test
    @Order(2)
    void syncAllForwardsTheCallersAuthorizationAndRelaysTheAcceptedRun() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        String started = "{\"syncLogId\":\"" + run + "\",\"organizationId\":\"" + org + "\",\"patientCount\":3}";
        stub.answer(SYNC_ALL, 202, "application/json", started);

        given().header("Authorization", OPS)
                .queryParam("organizationId", org.toString())
                .when().post("/api/console/sync-all")
                .then()
                .statusCode(202)
                .contentType(startsWith("application/json"))
                .body("syncLogId", equalTo(run.toString()))
                .body("patientCount", equalTo(3));

        List<DownstreamStub.Received> calls = stub.received(SYNC_ALL);
        assertEquals(1, calls.size());
        assertEquals("POST", calls.get(0).method());
        assertEquals(OPS, calls.get(0).header("Authorization"));
        assertEquals("organizationId=" + org, calls.get(0).query());
    }

    @Test
    @Order(3)
    void aPartnersSyncAllCarriesOnlyItsTokenDownstream() {
        stub.answer(SYNC_ALL, 202, "application/json", "{}");

        given().header("Authorization", TOKEN)
                .when().post("/api/console/sync-all")
                .then()
                .statusCode(202);

        DownstreamStub.Received call = stub.received(SYNC_ALL).get(0);
        assertEquals(TOKEN, call.header("Authorization"));
        assertNull(call.query());
    }

    @Test
    @Order(4)
    void downstreamErrorsAreRelayedWithStatusAndBody() {
        UUID running = UUID.randomUUID();
        stub.answer(SYNC_ALL, 409, "application/problem+json",
                "{\"type\":\"/problems/bulk-refresh-running\",\"status\":409,\"runningSyncLogId\":\"" + running + "\"}");
        given().header("Authorization", TOKEN)
                .when().post("/api/console/sync-all")
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("runningSyncLogId", equalTo(running.toString()));

        stub.answer(SYNC_ALL, 401, "application/problem+json", "{\"status\":401,\"detail\":\"token expired\"}");
        given().header("Authorization", TOKEN)
                .when().post("/api/console/sync-all")
                .then()
                .statusCode(401)
                .body("detail", equalTo("token expired"));

        stub.answer(SYNC_ALL, 404, "application/problem+json", "{\"status\":404,\"detail\":\"Unknown organization.\"}");
        given().header("Authorization", TOKEN)
                .when().post("/api/console/sync-all")
                .then()
                .statusCode(404)
                .body("detail", equalTo("Unknown organization."));
    }

    @Test
    @Order(4)
    void aDownstreamInternalErrorIsABadGatewayProblemWithoutItsBody() {
        stub.answer(QUEUE, 500, "text/plain", "java.lang.IllegalStateException: boom at Foo.java:12");

        given().header("Authorization", TOKEN)
                .when().get("/api/console/ehr-queue")
                .then()
                .statusCode(502)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(502))
                .body("detail", containsString("ehr-sync-service"))
                .body(not(containsString("IllegalStateException")));
    }

    @Test
    @Order(5)
    void ehrQueueIsRelayedWithTheCallersAuthorization() {
        stub.answer(QUEUE, 200, "application/json", "{\"completed\":4,\"failed\":1,\"pending\":2}");

        given().header("Authorization", TOKEN)
                .when().get("/api/console/ehr-queue")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("pending", equalTo(2))
                .body("failed", equalTo(1));

        DownstreamStub.Received call = stub.received(QUEUE).get(0);
        assertEquals("GET", call.method());
        assertEquals(TOKEN, call.header("Authorization"));
    }

    @Test
    @Order(5)
    void thePatientListAndAPatientsRefreshAreForwardedAndMalformedIdsNeverAre() {
        UUID patient = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        stub.answer(PATIENTS, 200, "application/json", "{\"total\":1,\"patients\":[{\"patientId\":\"" + patient + "\"}]}");
        given().header("Authorization", TOKEN).queryParam("offset", "50").queryParam("limit", "50")
                .when().get("/api/console/patients")
                .then().statusCode(200).body("patients[0].patientId", equalTo(patient.toString()));
        DownstreamStub.Received list = stub.received(PATIENTS).get(0);
        assertEquals("GET", list.method());
        assertEquals(TOKEN, list.header("Authorization"));
        assertTrue(list.query().contains("offset=50") && list.query().contains("limit=50"), list.query());

        String sync = PATIENTS + "/" + patient + "/sync";
        stub.answer(sync, 202, "application/json", "{\"syncLogId\":\"" + UUID.randomUUID() + "\",\"patientCount\":1}");
        given().header("Authorization", TOKEN).when().post("/api/console/patients/" + patient + "/sync")
                .then().statusCode(202).body("patientCount", equalTo(1));
        assertEquals(TOKEN, stub.received(sync).get(0).header("Authorization"));

        // a malformed id is refused here: never forwarded, never read as the caller's own organization
        given().header("Authorization", TOKEN).when().post("/api/console/patients/not-a-uuid/sync")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("patientId"));
        for (String bad : new String[] {"%00", "%20", "x", org + "x"}) {
            given().header("Authorization", OPS).urlEncodingEnabled(false)
                    .when().post("/api/console/sync-all?organizationId=" + bad)
                    .then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("organizationId"));
            given().header("Authorization", OPS).urlEncodingEnabled(false)
                    .when().get("/api/console/patients?organizationId=" + bad)
                    .then().statusCode(400).contentType(startsWith("application/problem+json"));
        }
        assertEquals(1, stub.received(PATIENTS).size());
        assertTrue(stub.received(SYNC_ALL).isEmpty());
    }

    @Test
    @Order(6)
    void anonymousExpiredAndClinicianCallsAreRefusedAndNeverForwarded() {
        stub.answer(SYNC_ALL, 202, "application/json", "{}");
        stub.answer(QUEUE, 200, "application/json", "{}");

        given().when().post("/api/console/sync-all")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        given().header("Authorization", "  ").when().get("/api/console/ehr-queue")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.DEFAULT.expired(CALLER_ORG))
                .when().post("/api/console/sync-all")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + TestTokens.DEFAULT.clinician(CALLER_ORG))
                .when().post("/api/console/sync-all")
                .then()
                .statusCode(403);

        assertTrue(stub.received(SYNC_ALL).isEmpty());
        assertTrue(stub.received(QUEUE).isEmpty());
    }

    @Test
    @Order(7)
    void aDownstreamThatDoesNotAnswerInTimeIsAGatewayTimeoutProblem() {
        stub.answerSlowly(QUEUE, Duration.ofSeconds(4));

        given().header("Authorization", TOKEN)
                .when().get("/api/console/ehr-queue")
                .then()
                .statusCode(504)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("ehr-sync-service"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    @Order(100)
    void anUnreachableDownstreamIsABadGatewayProblem() {
        stub.stop();

        given().header("Authorization", TOKEN)
                .when().post("/api/console/sync-all")
                .then()
                .statusCode(502)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(502))
                .body("detail", containsString("sync-scheduler"))
                .body("detail", not(containsString("Exception")));
        given().header("Authorization", TOKEN)
                .when().get("/api/console/ehr-queue")
                .then()
                .statusCode(502)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("ehr-sync-service"));
    }
}
