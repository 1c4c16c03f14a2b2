package io.recoverysync.synclog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST read side: lookups, filters and problem+json answers to bad requests. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class SyncLogResourceTest extends WithSyncEvents {
    private static final String PROBLEM_JSON = "application/problem+json";
    @Test
    void unknownIdIsNotFoundProblem() {
        Runs.asOps().when().get("/api/sync-logs/{id}", UUID.randomUUID().toString())
                .then()
                .statusCode(404)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", containsString("No sync log"));
    }

    @Test
    void malformedIdIsBadRequestProblem() {
        Runs.asOps().when().get("/api/sync-logs/{id}", "not-a-uuid")
                .then()
                .statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("id"))
                .body("detail", not(containsString("Exception")));
    }

    @ParameterizedTest
    @CsvSource({
            "limit, 0",
            "limit, 501",
            "limit, ten",
            "organizationId, 123",
            "status, done",
            "syncType, nightly"
    })
    void badQueryParameterIsBadRequestNamingIt(String parameter, String value) {
        Runs.asOps().queryParam(parameter, value)
                .when().get("/api/sync-logs")
                .then()
                .statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo(parameter));
    }

    @Test
    void listIsFilteredByOrganizationAndNewestFirst() {
        UUID org = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID older = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        events.send(SyncEvents.runStarted(older, org, 0));
        Runs.awaitStatus(older, "completed");
        events.send(SyncEvents.runStarted(newer, org, 1));
        events.send(SyncEvents.failed(newer, org, UUID.randomUUID(), ReasonCode.PATIENT_NOT_FOUND, null));
        events.send(SyncEvents.runStarted(elsewhere, other, 0));
        Runs.awaitStatus(newer, "failed");
        Runs.awaitStatus(elsewhere, "completed");

        Runs.asOps().queryParam("organizationId", org.toString())
                .when().get("/api/sync-logs")
                .then()
                .statusCode(200)
                .body("", hasSize(2))
                .body("id", equalTo(java.util.List.of(newer.toString(), older.toString())))
                .body("organizationId", everyItem(equalTo(org.toString())))
                .body("[0].errorCount", equalTo(1))
                .body("[0].errors", nullValue());

        Runs.asOps().queryParam("organizationId", org.toString())
                .queryParam("status", "completed")
                .when().get("/api/sync-logs")
                .then()
                .statusCode(200)
                .body("id", equalTo(java.util.List.of(older.toString())));

        Runs.asOps().queryParam("organizationId", org.toString())
                .queryParam("syncType", "manual_bulk")
                .queryParam("limit", 1)
                .when().get("/api/sync-logs")
                .then()
                .statusCode(200)
                .body("id", equalTo(java.util.List.of(newer.toString())));

        Runs.asOps().when().get("/api/sync-logs")
                .then()
                .statusCode(200)
                .body("id", hasItems(older.toString(), newer.toString(), elsewhere.toString()));
    }

    @Test
    void recentActivityShowsProgressAndErrorCount() {
        UUID org = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, org, 4));
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 1, 0, 0, 0));
        events.send(SyncEvents.failed(run, org, UUID.randomUUID(), ReasonCode.UNKNOWN_PRACTITIONER, null));
        Runs.awaitProcessed(run, 2);
        // the RunStarted travels on its own topic and may be applied after the results
        Runs.awaitField(run, "patientsExpected", 4);

        Runs.asOps().queryParam("organizationId", org.toString())
                .when().get("/api/sync-logs/recent")
                .then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].id", equalTo(run.toString()))
                .body("[0].status", equalTo("running"))
                .body("[0].patientsExpected", equalTo(4))
                .body("[0].progressPercent", equalTo(50))
                .body("[0].errorCount", equalTo(1))
                .body("[0].appointmentsNew", equalTo(1));

        Runs.asOps().when().get("/api/sync-logs/recent")
                .then()
                .statusCode(200)
                .body("id", hasItem(run.toString()));
    }

    @Test
    void recentRunsFilterByTypeSoEhrRunsDoNotCrowdOutTheOthers() {
        UUID org = UUID.randomUUID();
        UUID bulk = UUID.randomUUID();
        UUID ehr = UUID.randomUUID();
        events.send(SyncEvents.runStarted(bulk, org, 1));
        events.send(SyncEvents.runStarted(ehr, org, 1, io.recoverysync.contracts.SyncType.EHR));
        Runs.awaitField(bulk, "patientsExpected", 1);
        Runs.awaitField(ehr, "patientsExpected", 1);

        Runs.asOps().queryParam("organizationId", org.toString()).queryParam("syncType", "appointments")
                .when().get("/api/sync-logs/recent")
                .then().statusCode(200).body("id", equalTo(java.util.List.of(bulk.toString())));
        Runs.asOps().queryParam("organizationId", org.toString()).queryParam("syncType", "ehr")
                .when().get("/api/sync-logs/recent")
                .then().statusCode(200).body("id", equalTo(java.util.List.of(ehr.toString())));
        Runs.asOps().queryParam("organizationId", org.toString())
                .when().get("/api/sync-logs/recent")
                .then().statusCode(200).body("", hasSize(2));
        Runs.asOps().queryParam("syncType", "nightly-ish")
                .when().get("/api/sync-logs/recent")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("syncType"));
    }

    @Test
    void healthAndMetricsAreExposed() {
        await().atMost(Runs.TIMEOUT).untilAsserted(() -> Runs.asOps().when().get("/q/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP")));
        Runs.asOps().when().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("synclog_results_total"));
    }
}
