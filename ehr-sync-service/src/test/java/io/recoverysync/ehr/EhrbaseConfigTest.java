package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.ehr.client.EhrbaseAnswer;
import io.recoverysync.ehr.client.EhrbaseClient;
import io.recoverysync.ehr.service.CompositionIds;
import io.recoverysync.ehr.service.EhrbaseConfigCheck;
import jakarta.inject.Inject;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * EHRbase's configuration is checked at start and periodically: a system id that is not EHRbase's node name shows in
 * the health group {@code ehrbase} and the gauge (readiness stays up), fails new notes as EHRBASE_MISCONFIGURED
 * rather than as rejected notes, and once fixed those notes go again by themselves. XML error bodies are read.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class EhrbaseConfigTest extends WithEhrbase {

    @Inject
    EhrbaseConfigCheck check;

    @Test
    void aWrongSystemIdIsAConfigurationAlertAndItsNotesGoAgainOnceFixed() {
        UUID patient = Notes.patient();
        UUID first = UUID.randomUUID();
        Notes.sign(Notes.note(first, 1, patient)).then().statusCode(202);
        Notes.awaitStatus(first, "completed", Duration.ofSeconds(10));
        check.check().await().atMost(Duration.ofSeconds(10)); // the job's pass at start and every 10 min
        assertEquals("UP", health().getString("status"), health().prettify());

        String configured = sim.systemId();
        sim.setNodeName("another-node.ehrbase.example");
        check.check().await().atMost(Duration.ofSeconds(10));
        JsonPath down = health();
        assertEquals("DOWN", down.getString("status"), down.prettify());
        assertTrue(down.getString("checks[0].data.problem1").contains("EHRBASE_SYSTEM_ID is '" + configured + "'"),
                down.prettify());
        given().get("/q/health/ready").then().statusCode(200);
        assertTrue(given().get("/q/metrics").asString().contains("ehrbase_configuration_problems 1.0"));

        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, patient)).then().statusCode(202);
        JsonPath failed = Notes.awaitStatus(note, "failed", Duration.ofSeconds(10));
        assertEquals("EHRBASE_MISCONFIGURED", failed.getString("revisions[0].failureReason"), failed.prettify());

        sim.resetFaults(); // EHRbase's node name and ehr-sync's EHRBASE_SYSTEM_ID agree again
        check.check().await().atMost(Duration.ofSeconds(10));
        JsonPath done = Notes.awaitStatus(note, "completed", Duration.ofSeconds(15));
        assertEquals(CompositionIds.versionedObjectUid(note) + "::" + configured + "::1", done.getString("compositionUid"));
        assertEquals("UP", health().getString("status"));
    }

    @Test
    void xmlErrorBodiesAndTheTemplateUidAreRead() {
        String xml = "<?xml version=\"1.0\"?><Map><error>Bad Request</error>"
                + "<message>Invalid template input content &lt;x&gt;</message></Map>";
        assertEquals("Invalid template input content <x>", new EhrbaseAnswer(400, null, null, xml).message());
        assertEquals("Conflict", new EhrbaseAnswer(409, null, null, "<Map><error>Conflict</error></Map>").message());
        assertEquals("9022adec-f0a7-4856-a08d-c4c8384f2de7",
                EhrbaseClient.templateUid("<template><uid>\n <value>9022adec-f0a7-4856-a08d-c4c8384f2de7</value></uid>"));
    }

    private static JsonPath health() {
        return given().get("/q/health/group/ehrbase").then().extract().jsonPath();
    }
}
