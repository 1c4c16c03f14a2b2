package io.recoverysync.scheduler;

import static io.recoverysync.testsupport.AuthMatrix.Endpoint.get;
import static io.recoverysync.testsupport.AuthMatrix.Endpoint.post;
import static io.recoverysync.testsupport.AuthMatrix.Endpoint.put;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.testsupport.AuthMatrix;
import io.recoverysync.testsupport.HttpLayerChecks;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.RequestFuzzer;
import io.recoverysync.testsupport.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 6 for the scheduler: who may trigger what, and bad input never answered with a 5xx. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class SchedulerSecurityTest {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;

    @Inject
    Pool pool;

    @Test
    void everyEndpointAnswersEachCallerAsExpected() {
        UUID own = SchedulerTestSupport.organization(pool, "Matrix Own");
        UUID other = SchedulerTestSupport.organization(pool, "Matrix Other");
        UUID patient = SchedulerTestSupport.patients(pool, own, 2).get(0);
        SchedulerTestSupport.patients(pool, other, 1);
        String dashboard = "/api/partner-dashboard/patients";

        new AuthMatrix(TOKENS, own, other, List.of(Caller.PARTNER))
                // columns: no token, expired, other org's partner, own partner, ops
                .expect(post(dashboard + "/sync-all?organizationId=" + own), 401, 401, 404, 202, 409)
                // without a filter a partner refreshes its own organization; ops must name one
                .expect(post(dashboard + "/sync-all"), 401, 401, 202, 409, 400)
                .expect(post(dashboard + "/" + patient + "/sync"), 401, 401, 404, 202, 202)
                .expect(post(dashboard + "/" + UUID.randomUUID() + "/sync"), 401, 401, 404, 404, 404)
                // the case manager's list: a partner's own organization; ops names one
                .expect(get(dashboard), 401, 401, 200, 200, 400)
                .expect(get(dashboard + "?organizationId=" + own), 401, 401, 404, 200, 200)
                // calendar feeds: partners make them for their own organization; the feed URL's secret is its gate
                .expect(post("/api/calendar/feeds", "{}"), 401, 401, 201, 201, 403)
                .expect(get("/api/calendar/feeds"), 401, 401, 200, 200, 400)
                .expect(get("/api/calendar/feeds?organizationId=" + own), 401, 401, 404, 200, 200)
                .expect(get("/api/calendar/" + "A".repeat(43) + "/appointments.ics"), 404, 404, 404, 404, 404)
                // the cron trigger and the roster take their own secrets, never a user's token
                .expect(post("/api/cron/sync-practiceq-appointments"), 401, 401, 401, 401, 401)
                .expect(get("/internal/roster/patients/" + patient), 401, 401, 401, 401, 401)
                // health and metrics are the only open endpoints
                .expect(get("/q/health/live"), 200, 200, 200, 200, 200)
                .expect(get("/q/metrics"), 200, 200, 200, 200, 200)
                // the roster: partners read their own organization's patients
                .expect(get("/api/roster/organizations"), 401, 401, 200, 200, 200)
                .expect(get("/api/roster/organizations/" + own + "/patients"), 401, 401, 404, 200, 200)
                .expect(post("/api/roster/organizations/" + own + "/patients/" + patient + "/discharge"), 401, 401, 403, 403, 204)
                .verify();

        // the roster's writers: ops everywhere, an organization's admin in its own organization only
        String body = "{\"firstName\": \"Matrix\", \"lastName\": \"Patient\", \"intakeqClientId\": 777001}";
        String rename = "{\"name\": \"Matrix Own Renamed\", \"timeZone\": \"America/Chicago\"}";
        new AuthMatrix(TOKENS, own, other, List.of(Caller.ORG_ADMIN))
                // columns: no token, expired, other org's admin, own admin, ops
                .expect(post("/api/roster/organizations/" + own + "/patients", body), 401, 401, 404, 200, 200)
                .expect(post("/api/roster/organizations/" + own + "/patients/import", "[" + body + "]"), 401, 401, 404, 200, 200)
                .expect(put("/api/roster/organizations/" + own, rename), 401, 401, 404, 200, 200)
                .expect(post("/api/roster/organizations", "{\"name\": \"New\", \"timeZone\": \"America/Denver\"}"),
                        401, 401, 403, 403, 201)
                .expect(post("/api/roster/patients/" + patient + "/transfer",
                        "{\"fromOrganizationId\": \"" + own + "\", \"toOrganizationId\": \"" + other + "\"}"),
                        401, 401, 403, 403, 204)
                .verify();

        // a clinician reads its own organization's roster (the patients it signs notes for), never another's, and
        // changes nothing
        io.restassured.RestAssured.given().auth().oauth2(TOKENS.clinician(own))
                .get("/api/roster/organizations/" + own + "/patients")
                .then().statusCode(200).body("organizationId", org.hamcrest.Matchers.equalTo(own.toString()));
        io.restassured.RestAssured.given().auth().oauth2(TOKENS.clinician(own))
                .get("/api/roster/organizations").then().statusCode(200).body("id", org.hamcrest.Matchers.contains(own.toString()));
        io.restassured.RestAssured.given().auth().oauth2(TOKENS.clinician(other))
                .get("/api/roster/organizations/" + own + "/patients").then().statusCode(404);
        io.restassured.RestAssured.given().auth().oauth2(TOKENS.clinician(own))
                .post("/api/roster/organizations/" + own + "/patients/" + patient + "/discharge").then().statusCode(403);
    }

    @Test
    void aTokenFromAnotherIssuerKeyOrAudienceIsRefused() {
        UUID own = SchedulerTestSupport.organization(pool, "Forged Center");
        String forged = TestTokens.generate().partner(own);
        io.restassured.RestAssured.given().auth().oauth2(forged)
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(401).contentType("application/problem+json");
        io.restassured.RestAssured.given().header("Authorization", "Bearer not.a.jwt")
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(401).contentType("application/problem+json");
        String noOrganization = TOKENS.token(null, java.util.Set.of(Caller.PARTNER), java.time.Duration.ofMinutes(5));
        io.restassured.RestAssured.given().auth().oauth2(noOrganization)
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(403).contentType("application/problem+json");
        // a token of the same issuer and key minted for another application (or for none) is not ours
        for (String audience : new String[] {"another-application", null}) {
            String elsewhere = TOKENS.token(own, java.util.Set.of(Caller.PARTNER), java.time.Duration.ofMinutes(5), audience);
            io.restassured.RestAssured.given().auth().oauth2(elsewhere)
                    .post("/api/partner-dashboard/patients/sync-all")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        String wrongRole = TOKENS.token(own, java.util.Set.of("patient"), java.time.Duration.ofMinutes(5));
        io.restassured.RestAssured.given().auth().oauth2(wrongRole)
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void malformedParametersAreRefusedWithProblems() {
        UUID own = SchedulerTestSupport.organization(pool, "Fuzz Center");
        RequestFuzzer partner = new RequestFuzzer(6L, TOKENS.partner(own))
                .paths("POST", bad -> "/api/partner-dashboard/patients/" + bad + "/sync")
                .paths("POST", bad -> "/api/partner-dashboard/patients/sync-all?organizationId=" + bad)
                .paths("GET", bad -> "/api/partner-dashboard/patients?limit=" + bad)
                .paths("GET", bad -> "/api/partner-dashboard/patients?offset=" + bad)
                .paths("DELETE", bad -> "/api/calendar/feeds/" + bad)
                .paths("GET", bad -> "/api/calendar/" + bad + "/appointments.ics")
                .bodies("POST", "/api/calendar/feeds", "{\"label\": \"Front desk\"}", 60);
        partner.verify();
        RequestFuzzer ops = new RequestFuzzer(7L, TOKENS.ops())
                .paths("POST", bad -> "/api/partner-dashboard/patients/sync-all?organizationId=" + bad)
                .paths("POST", bad -> "/api/partner-dashboard/patients/" + bad + "/sync")
                .paths("GET", bad -> "/api/partner-dashboard/patients?organizationId=" + bad);
        ops.verify();
        String roster = "/api/roster/organizations/" + own;
        RequestFuzzer admin = new RequestFuzzer(9L, TOKENS.token(own, java.util.Set.of(Caller.ORG_ADMIN), java.time.Duration.ofMinutes(5)))
                .bodies("POST", roster + "/patients", "{\"firstName\": \"Fuzz\", \"lastName\": \"Patient\","
                        + " \"email\": \"fuzz@example.org\", \"intakeqClientId\": 880001, \"status\": \"active\"}", 150)
                .bodies("POST", roster + "/patients/import", "[{\"firstName\": \"Fuzz\", \"lastName\": \"Two\","
                        + " \"intakeqClientId\": 880002}]", 100)
                .bodies("PUT", roster, "{\"name\": \"Fuzz Center\", \"timeZone\": \"America/Denver\"}", 60)
                .paths("GET", bad -> roster + "/patients?limit=" + bad)
                .paths("GET", bad -> roster + "/patients?status=" + bad)
                .paths("POST", bad -> roster + "/patients/" + bad + "/discharge")
                .paths("GET", bad -> "/api/roster/organizations/" + bad + "/patients");
        admin.verify();
        RequestFuzzer service = new RequestFuzzer(8L, "test-internal-token")
                .paths("GET", bad -> "/internal/roster/patients/" + bad)
                .paths("GET", bad -> "/internal/roster/patients/" + UUID.randomUUID() + "?organizationId=" + bad);
        service.verify();
        assertTrue(admin.refused() > 200, "broken roster requests were refused, " + admin.refused() + " were");
        assertTrue(partner.refused() + ops.refused() + service.refused() > 150,
                "the bad values were refused, not accepted");
    }

    /** Errors outside the REST layer are problems too; what Vert.x and Quarkus answer before any route has no body. */
    @Test
    void errorsOutsideTheRestLayerAreProblems() {
        HttpLayerChecks.verify();
    }
}
