package io.recoverysync.appointments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Practitioner mappings: the unmapped practitioners are reported with the appointments they affect, IntakeQ's
 * practitioners are imported with one request, an appointment stored without a provider gets it at its next sync,
 * and mappings can be read and deleted.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class ProviderMappingTest {
    private static final String PATH = "/internal/provider-mappings";
    private static final String SERVICE_TOKEN = "test-internal-token";

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private IntakeQSimulator sim;
    private SyncFixture fixture;

    @BeforeEach
    void setUp() {
        sim = IntakeQSimulatorResource.simulator();
        fixture = new SyncFixture(sim, bootstrap, pool);
    }

    @AfterEach
    void tearDown() {
        // other tests count on this practitioner being unmapped
        given().auth().oauth2(TestTokens.DEFAULT.ops()).delete(PATH + "/" + SyncFixture.UNMAPPED_PRACTITIONER);
        fixture.close();
    }

    @Test
    void importedPractitionersGiveTheAppointmentsTheirProvider() {
        UUID org = UUID.randomUUID();
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), SyncFixture.UNMAPPED_PRACTITIONER, Instant.now().plus(2, ChronoUnit.DAYS), 50,
                "Therapy", "Office", null);
        SyncResult before = fixture.syncAndAwait(org, p.id());
        assertEquals(ReasonCode.UNKNOWN_PRACTITIONER, before.reasonCode());
        String ops = TestTokens.DEFAULT.ops();
        given().auth().oauth2(ops).get(PATH + "/unmapped")
                .then().statusCode(200)
                .body("intakeqPractitionerId", hasItem(SyncFixture.UNMAPPED_PRACTITIONER))
                .body("find { it.intakeqPractitionerId == '" + SyncFixture.UNMAPPED_PRACTITIONER + "' }.appointments",
                        greaterThanOrEqualTo(1));

        long settingsBefore = sim.settingsRequests();
        given().auth().oauth2(ops).post(PATH + "/import")
                .then().statusCode(200).body("added", greaterThanOrEqualTo(1)).body("practitioners", greaterThanOrEqualTo(2));
        assertEquals(1, sim.settingsRequests() - settingsBefore, "one request to IntakeQ");
        given().auth().oauth2(ops).get(PATH + "/" + SyncFixture.UNMAPPED_PRACTITIONER)
                .then().statusCode(200).body("providerId", notNullValue())
                .body("practitionerEmail", equalTo("ned@clinic.example.org"))
                .body("displayName", equalTo("Ned Unmapped"));
        given().auth().oauth2(ops).get(PATH + "/unmapped")
                .then().statusCode(200).body("intakeqPractitionerId", not(hasItem(SyncFixture.UNMAPPED_PRACTITIONER)));

        SyncResult after = fixture.syncAndAwait(org, p.id());
        assertEquals(ResultStatus.SUCCEEDED, after.status(), String.valueOf(after));
        SyncFixture.assertCounts(after, 0, 1, 0, 0);

        // the case manager's list (through the scheduler, which sends the service token) shows the provider's name
        given().header("Authorization", "Bearer " + SERVICE_TOKEN).contentType("application/json")
                .body("{\"patientIds\": [\"" + p.id() + "\", \"" + UUID.randomUUID() + "\"]}")
                .post("/internal/patient-summaries")
                .then().statusCode(200).body("$", hasSize(2))
                .body("[0].patientId", equalTo(p.id().toString()))
                .body("[0].lastOutcome", equalTo("succeeded")).body("[0].lastSyncedAt", notNullValue())
                .body("[0].nextAppointment.providerName", equalTo("Ned Unmapped"))
                .body("[0].nextAppointment.serviceName", equalTo("Therapy"))
                .body("[1].lastSyncedAt", nullValue()).body("[1].nextAppointment", nullValue());
        // and the calendar feeds' read: the patient's appointments of the window, with the provider's name
        given().header("Authorization", "Bearer " + SERVICE_TOKEN).contentType("application/json")
                .body("{\"patientIds\": [\"" + p.id() + "\"], \"daysBack\": 1, \"daysAhead\": 30}")
                .post("/internal/patient-appointments")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].patientId", equalTo(p.id().toString())).body("[0].providerName", equalTo("Ned Unmapped"))
                .body("[0].serviceName", equalTo("Therapy")).body("[0].locationName", equalTo("Office"));
        given().header("Authorization", "Bearer " + SERVICE_TOKEN).contentType("application/json")
                .body("{\"patientIds\": [\"" + p.id() + "\"], \"daysBack\": 0, \"daysAhead\": 1}")
                .post("/internal/patient-appointments")
                .then().statusCode(200).body("$", hasSize(0));

        given().auth().oauth2(ops).delete(PATH + "/" + SyncFixture.UNMAPPED_PRACTITIONER).then().statusCode(204);
        given().auth().oauth2(ops).get(PATH + "/" + SyncFixture.UNMAPPED_PRACTITIONER)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ops).delete(PATH + "/" + SyncFixture.UNMAPPED_PRACTITIONER).then().statusCode(404);
        given().auth().oauth2(ops).get(PATH).then().statusCode(200)
                .body("intakeqPractitionerId", hasItem(SyncFixture.MAPPED_PRACTITIONER));
    }

    @Test
    void patientSummariesTakeOnlyTheServiceTokenOrOpsAndAValidList() {
        String body = "{\"patientIds\": [\"" + UUID.randomUUID() + "\"]}";
        given().contentType("application/json").body(body).post("/internal/patient-summaries")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.DEFAULT.partner(UUID.randomUUID())).contentType("application/json").body(body)
                .post("/internal/patient-summaries").then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong-token").contentType("application/json").body(body)
                .post("/internal/patient-summaries").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.DEFAULT.ops()).contentType("application/json").body(body)
                .post("/internal/patient-summaries").then().statusCode(200).body("$", hasSize(1));
        given().header("Authorization", "Bearer " + SERVICE_TOKEN).contentType("application/json")
                .body("{\"patientIds\": [], \"daysBack\": 40, \"daysAhead\": 0}").post("/internal/patient-appointments")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("daysBack", "daysAhead"));
        given().contentType("application/json").body(body).post("/internal/patient-appointments")
                .then().statusCode(401).contentType("application/problem+json");
        for (String bad : new String[] {"{}", "{\"patientIds\": [null]}", "{\"patientIds\": \"x\"}", "[]"}) {
            given().header("Authorization", "Bearer " + SERVICE_TOKEN).contentType("application/json").body(bad)
                    .post("/internal/patient-summaries")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }
}
