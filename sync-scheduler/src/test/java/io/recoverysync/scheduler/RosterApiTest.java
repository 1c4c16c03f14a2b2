package io.recoverysync.scheduler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The roster API: a clinic creates its organizations and loads its patients without SQL (one at a time or a JSON or
 * CSV import that is all or nothing, idempotent, and names every bad row); names go only to the organization's own
 * callers; discharges and transfers reach the other services on {@code roster.affiliations}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class RosterApiTest {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void opsCreatesAnOrganizationAndItsAdminRenamesIt() {
        UUID org = UUID.randomUUID();
        given().auth().oauth2(TOKENS.ops()).contentType("application/json")
                .body("{\"id\": \"" + org + "\", \"name\": \"Cedar Recovery\", \"timeZone\": \"America/Denver\"}")
                .post("/api/roster/organizations")
                .then().statusCode(201).body("id", equalTo(org.toString())).body("timeZone", equalTo("America/Denver"));
        given().auth().oauth2(TOKENS.ops()).contentType("application/json")
                .body("{\"id\": \"" + org + "\", \"name\": \"Again\", \"timeZone\": \"America/Denver\"}")
                .post("/api/roster/organizations").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(TOKENS.ops()).contentType("application/json")
                .body("{\"name\": \"\", \"timeZone\": \"Mars/Olympus\"}")
                .post("/api/roster/organizations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("timeZone"));
        given().auth().oauth2(admin(org)).contentType("application/json")
                .body("{\"name\": \"Cedar Recovery Center\", \"timeZone\": \"America/Chicago\"}")
                .put("/api/roster/organizations/" + org)
                .then().statusCode(200).body("name", equalTo("Cedar Recovery Center"));
        given().auth().oauth2(TOKENS.partner(org)).get("/api/roster/organizations")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].timeZone", equalTo("America/Chicago"));
    }

    @Test
    void anImportWithBadRowsWritesNothingAndNamesEveryProblem() {
        UUID org = SchedulerTestSupport.organization(pool, "Import Center");
        String csv = """
                firstName,lastName,email,intakeqClientId,status
                Ada,Lovelace,ada@example.org,910001,active
                ,Hopper,grace@example.org,910002,active
                Alan,Turing,not-an-email,abc,retired
                Edsger,Dijkstra,,,
                Ada,Twice,other@example.org,910001,active
                """;
        JsonPath problem = given().auth().oauth2(admin(org)).contentType("text/csv").body(csv)
                .post("/api/roster/organizations/" + org + "/patients/import")
                .then().statusCode(422).contentType("application/problem+json").extract().jsonPath();
        List<String> errors = problem.getList("errors.collect { it.line + ':' + it.field }");
        assertTrue(errors.containsAll(List.of("3:firstName", "4:email", "4:intakeqClientId", "4:status",
                "5:intakeqClientId", "6:intakeqClientId")), "every problem with its line: " + errors);
        assertEquals(0L, count("SELECT count(*) FROM scheduler.patient_organization_affiliations WHERE organization_id = $1", org),
                "nothing written");

        String json = "[{\"firstName\": \"Ada\", \"lastName\": \"L\", \"intakeqClientId\": \"910001\"},"
                + " {\"firstName\": {\"a\": 1}, \"lastName\": \"L\", \"email\": \"x@example.org\"},"
                + " {\"firstName\": \"Bo\", \"lastName\": \"L\", \"email\": \"bo@example.org\", \"nickname\": \"b\"}, 7]";
        given().auth().oauth2(admin(org)).contentType("application/json").body(json)
                .post("/api/roster/organizations/" + org + "/patients/import")
                .then().statusCode(422)
                .body("errors.find { it.line == 1 }.field", equalTo("intakeqClientId"))
                .body("errors.find { it.line == 2 }.field", equalTo("firstName"))
                .body("errors.find { it.line == 3 }.field", equalTo("nickname"))
                .body("errors.find { it.line == 4 }.field", equalTo("patient"));
    }

    @Test
    void importingTheSameRowsAgainChangesNothingAndNamesGoOnlyToTheOwnOrganization() {
        UUID org = SchedulerTestSupport.organization(pool, "Aspen Recovery");
        String csv = "FirstName,LastName,Email,IntakeqClientId\r\n"
                + "Ada,Lovelace,ada.aspen@example.org,920001\r\n"
                + "\"Grace, Jr\",Hopper,grace.aspen@example.org,920002\r\n"
                + "Alan,Turing,alan.aspen@example.org,\r\n";
        String path = "/api/roster/organizations/" + org + "/patients/import";
        given().auth().oauth2(admin(org)).contentType("text/csv").body(csv).post(path)
                .then().statusCode(200).body("created", equalTo(3)).body("unchanged", equalTo(0));
        given().auth().oauth2(admin(org)).contentType("text/csv").body(csv).post(path)
                .then().statusCode(200).body("created", equalTo(0)).body("updated", equalTo(0)).body("unchanged", equalTo(3));
        given().auth().oauth2(admin(org)).contentType("text/csv")
                .body(csv.replace("Alan,Turing,alan.aspen@example.org,", "Alan,Turing,alan.aspen@example.org,920003"))
                .post(path)
                .then().statusCode(200).body("updated", equalTo(1)).body("unchanged", equalTo(2));

        // the organization's own partner sees names, paged; ops sees ids only
        given().auth().oauth2(TOKENS.partner(org)).queryParam("limit", 2)
                .get("/api/roster/organizations/" + org + "/patients")
                .then().statusCode(200).body("total", equalTo(3)).body("patients", hasSize(2))
                .body("patients[0].lastName", equalTo("Hopper")).body("patients[0].firstName", equalTo("Grace, Jr"));
        given().auth().oauth2(TOKENS.ops()).get("/api/roster/organizations/" + org + "/patients")
                .then().statusCode(200).body("patients", hasSize(3))
                .body("patients[0].lastName", nullValue()).body("patients[0].email", nullValue())
                .body("patients[0].intakeqClientId", notNullValue());
        given().auth().oauth2(TOKENS.partner(org)).queryParam("limit", 0)
                .get("/api/roster/organizations/" + org + "/patients")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void aClientIdOfAnotherPatientIsRefused() {
        UUID org = SchedulerTestSupport.organization(pool, "Birch Recovery");
        SchedulerTestSupport.patient(pool, SchedulerTestSupport.organization(pool, "Elm Recovery"),
                "someone@example.org", 930001, "active");
        UUID patient = UUID.randomUUID();
        given().auth().oauth2(admin(org)).contentType("application/json")
                .body("{\"id\": \"" + patient + "\", \"firstName\": \"Ann\", \"lastName\": \"B\", \"intakeqClientId\": 930001}")
                .post("/api/roster/organizations/" + org + "/patients")
                .then().statusCode(422).body("errors[0].field", equalTo("intakeqClientId"));
    }

    @Test
    void dischargeAndTransferReachTheOtherServices() {
        UUID org = SchedulerTestSupport.organization(pool, "Pine Recovery");
        UUID next = SchedulerTestSupport.organization(pool, "Spruce Recovery");
        String added = given().auth().oauth2(admin(org)).contentType("application/json")
                .body("{\"firstName\": \"Dee\", \"lastName\": \"Charge\", \"intakeqClientId\": 940001}")
                .post("/api/roster/organizations/" + org + "/patients")
                .then().statusCode(200).body("created", equalTo(1)).extract().path("patientIds[0]");
        UUID patient = UUID.fromString(added);
        assertEquals("active", latest(patient, org, a -> a.active()).status());

        given().auth().oauth2(TOKENS.ops()).contentType("application/json")
                .body("{\"fromOrganizationId\": \"" + org + "\", \"toOrganizationId\": \"" + next + "\"}")
                .post("/api/roster/patients/" + patient + "/transfer").then().statusCode(204);
        assertEquals("inactive", latest(patient, org, a -> "inactive".equals(a.status())).status());
        assertEquals("active", latest(patient, next, RosterAffiliation::active).status());

        given().auth().oauth2(admin(next)).post("/api/roster/organizations/" + next + "/patients/" + patient + "/discharge")
                .then().statusCode(204);
        assertEquals("discharged", latest(patient, next, a -> "discharged".equals(a.status())).status());
        given().auth().oauth2(admin(org)).post("/api/roster/organizations/" + org + "/patients/" + UUID.randomUUID() + "/discharge")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theCaseManagersListShowsActivePatientsWithNamesOnlyToTheirOrganization() {
        UUID org = UUID.randomUUID();
        given().auth().oauth2(TOKENS.ops()).contentType("application/json")
                .body("{\"id\": \"" + org + "\", \"name\": \"Aspen House\", \"timeZone\": \"America/Phoenix\"}")
                .post("/api/roster/organizations").then().statusCode(201);
        given().auth().oauth2(admin(org)).contentType("text/csv")
                .body("firstName,lastName,intakeqClientId,status\nZoe,Zimmer,930001,active\nAbe,Adams,930002,active\n"
                        + "Gone,Away,930003,discharged\n")
                .post("/api/roster/organizations/" + org + "/patients/import").then().statusCode(200);

        JsonPath list = given().auth().oauth2(TOKENS.partner(org)).get("/api/partner-dashboard/patients")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("Aspen House", list.getString("organization.name"));
        assertEquals("America/Phoenix", list.getString("organization.timeZone"));
        assertEquals(2, list.getInt("total"), "active patients only");
        assertEquals(List.of("Adams", "Zimmer"), list.getList("patients.lastName"));
        // appointment-sync is not running beside this test: the list still comes, flagged without sync state
        assertEquals(false, list.getBoolean("syncStateAvailable"));
        given().auth().oauth2(TOKENS.partner(org)).get("/api/partner-dashboard/patients?offset=1&limit=1")
                .then().statusCode(200).body("patients", hasSize(1)).body("patients[0].firstName", equalTo("Zoe"))
                .body("total", equalTo(2));

        // ops sees the ids, not the names; another organization's partner does not see the organization at all
        given().auth().oauth2(TOKENS.ops()).get("/api/partner-dashboard/patients?organizationId=" + org)
                .then().statusCode(200).body("patients", hasSize(2)).body("patients[0].patientId", notNullValue())
                .body("patients[0].firstName", nullValue()).body("patients[0].lastName", nullValue());
        given().auth().oauth2(TOKENS.partner(UUID.randomUUID())).get("/api/partner-dashboard/patients?organizationId=" + org)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TOKENS.ops()).get("/api/partner-dashboard/patients?organizationId=" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TOKENS.partner(org)).get("/api/partner-dashboard/patients?limit=0&offset=-1")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("limit")).body("errors.field", hasItem("offset"));
    }

    private static String admin(UUID org) {
        return TOKENS.token(org, Set.of(Caller.ORG_ADMIN), Duration.ofMinutes(5));
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    private RosterAffiliation latest(UUID patient, UUID org, java.util.function.Predicate<RosterAffiliation> wanted) {
        return RosterRecords.latest(bootstrap, patient, org, wanted);
    }
}
