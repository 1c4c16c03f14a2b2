package io.recoverysync.appointments;

import static io.recoverysync.testsupport.AuthMatrix.Endpoint.get;
import static io.recoverysync.testsupport.AuthMatrix.Endpoint.post;
import static io.recoverysync.testsupport.AuthMatrix.Endpoint.put;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.testsupport.AuthMatrix;
import io.recoverysync.testsupport.HttpLayerChecks;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.RequestFuzzer;
import io.recoverysync.testsupport.TestTokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 6 for appointment-sync: appointment reads are organization-scoped, ops endpoints need the ops role. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class AppointmentSecurityTest {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;
    private static final String SUMMARIES = "{\"patientIds\": [\"" + UUID.randomUUID() + "\"]}";
    private static final String MAPPING = "{\"providerId\": \"" + UUID.randomUUID() + "\", \"practitionerEmail\": \"dr@example.org\"}";

    @Test
    void everyEndpointAnswersEachCallerAsExpected() {
        UUID own = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        SyncFixture.ROSTER.publishAndWait(patient, own, "active", 4242);
        String webhook = "{\"EventType\": \"AppointmentCreated\", \"Appointment\": {\"Id\": \"matrix-" + UUID.randomUUID()
                + "\", \"ClientId\": 4242}, \"ClientId\": 4242}";

        new AuthMatrix(TOKENS, own, other, List.of(Caller.PARTNER))
                // columns: no token, expired, other org's partner, own partner, ops
                .expect(get("/api/partner-dashboard/patients/" + patient + "/appointments"), 401, 401, 404, 200, 200)
                .expect(get("/api/partner-dashboard/patients/" + UUID.randomUUID() + "/appointments"), 401, 401, 404, 404, 404)
                .expect(get("/api/organizations/" + own + "/appointments"), 401, 401, 404, 200, 200)
                .expect(get("/internal/quota"), 401, 401, 403, 403, 200)
                .expect(post("/internal/dlq/sync-commands/replay?max=1"), 401, 401, 403, 403, 200)
                .expect(put("/internal/provider-mappings/matrix-practitioner", MAPPING), 401, 401, 403, 403, 204)
                .expect(get("/internal/mirror"), 401, 401, 403, 403, 200)
                .expect(get("/internal/discovery/clients"), 401, 401, 403, 403, 200)
                .expect(post("/internal/patient-summaries", SUMMARIES), 401, 401, 403, 403, 200)
                .expect(post("/internal/patient-appointments", SUMMARIES), 401, 401, 403, 403, 200)
                .expect(get("/internal/provider-mappings"), 401, 401, 403, 403, 200)
                .expect(get("/internal/provider-mappings/unmapped"), 401, 401, 403, 403, 200)
                .expect(get("/internal/provider-mappings/matrix-practitioner"), 401, 401, 403, 403, 200)
                // IntakeQ's webhook: the path secret is the gate, whatever token comes along
                .expect(post("/api/intakeq/webhook/test-webhook-secret", webhook), 202, 202, 202, 202, 202)
                .expect(post("/api/intakeq/webhook/wrong-secret", webhook), 404, 404, 404, 404, 404)
                .expect(get("/q/health/live"), 200, 200, 200, 200, 200)
                .verify();

        // the scheduler reads the budget with the service token; a user token is not a service token
        given().header("Authorization", "Bearer test-internal-token").get("/internal/quota").then().statusCode(200);
        given().header("Authorization", "Bearer wrong-token").get("/internal/quota")
                .then().statusCode(401).contentType("application/problem+json");
        // no usable credentials is 401 everywhere, as on every other endpoint; only a valid non-ops user is 403
        for (String header : new String[] {"Basic dXNlcjpwYXNz", "Bearer ", "Bearer"}) {
            given().header("Authorization", header).get("/internal/quota")
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void malformedInputIsRefusedWithProblems() {
        RequestFuzzer partner = new RequestFuzzer(21L, TOKENS.partner(UUID.randomUUID()))
                .paths("GET", bad -> "/api/partner-dashboard/patients/" + bad + "/appointments")
                .paths("GET", bad -> "/api/organizations/" + bad + "/appointments")
                .paths("GET", bad -> "/api/organizations/" + UUID.randomUUID() + "/appointments?from=" + bad)
                .paths("GET", bad -> "/api/organizations/" + UUID.randomUUID() + "/appointments?changesSince=" + bad);
        partner.verify();
        RequestFuzzer intakeq = new RequestFuzzer(23L, null)
                .paths("POST", bad -> "/api/intakeq/webhook/" + bad)
                .bodies("POST", "/api/intakeq/webhook/test-webhook-secret",
                        "{\"EventType\": \"AppointmentRescheduled\", \"ActionPerformedByClient\": false,"
                                + " \"Appointment\": {\"Id\": \"fuzz-1\", \"ClientId\": 77}, \"ClientId\": 77,"
                                + " \"PracticeId\": \"p\"}", 150);
        intakeq.verify();
        RequestFuzzer ops = new RequestFuzzer(22L, TOKENS.ops())
                .paths("POST", bad -> "/internal/dlq/sync-commands/replay?max=" + bad)
                .paths("GET", bad -> "/internal/discovery/clients?limit=" + bad)
                .paths("GET", bad -> "/internal/discovery/clients?offset=" + bad)
                .paths("PUT", bad -> "/internal/provider-mappings/" + bad)
                .paths("GET", bad -> "/internal/provider-mappings/" + bad)
                .paths("DELETE", bad -> "/internal/provider-mappings/" + bad)
                .bodies("PUT", "/internal/provider-mappings/fuzz-practitioner", MAPPING, 120)
                .strictFields("PUT", "/internal/provider-mappings/fuzz-practitioner", MAPPING)
                .bodies("POST", "/internal/patient-summaries", SUMMARIES, 80)
                .bodies("POST", "/internal/patient-appointments", "{\"patientIds\": [\"" + UUID.randomUUID()
                        + "\"], \"daysBack\": 7, \"daysAhead\": 60}", 80);
        ops.verify();
        assertTrue(partner.refused() + ops.refused() > 150, "the bad values were refused, not accepted");
        assertTrue(intakeq.refused() > 30, "broken webhooks were refused, " + intakeq.refused() + " were");
    }

    /** Errors outside the REST layer are problems too; what Vert.x and Quarkus answer before any route has no body. */
    @Test
    void errorsOutsideTheRestLayerAreProblems() {
        HttpLayerChecks.verify();
    }
}
