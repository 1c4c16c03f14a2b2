package io.recoverysync.ehr;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aWrongSystemIdTurnsTheGroupDownWithinSecondsOfTheFirst412WithoutAnyPeriodicPass() {
        // as a first deployment: nothing calls the check; the periodic pass is off in tests
        assertEquals("UP", health().getString("status"), health().prettify());
        String configured = sim.systemId();
        sim.setNodeName("first-deployment.ehrbase.example");
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, Notes.patient())).then().statusCode(202);
        Notes.awaitStatus(note, "failed", Duration.ofSeconds(10));
        long refusedAt = System.nanoTime();
        JsonPath down = awaitHealth("DOWN", Duration.ofSeconds(5));
        assertTrue((System.nanoTime() - refusedAt) / 1_000_000 < 5000);
        assertTrue(down.getString("checks[0].data.systemId").contains("EHRBASE_SYSTEM_ID is '" + configured + "'"),
                down.prettify());
        assertEquals("yes", down.getString("checks[0].data.reachable"));
        assertEquals("accepted", down.getString("checks[0].data.credentials"));
        assertTrue(given().get("/q/metrics").asString().contains("ehrbase_configuration_problems 1.0"));

        sim.resetFaults(); // fixed: the check runs every second while the problem is open, the note goes again
        awaitHealth("UP", Duration.ofSeconds(10));
        Notes.awaitStatus(note, "completed", Duration.ofSeconds(15));
    }

    @Test
    void aWrongPasswordIsReportedAsCredentialsNotAsAnUncomparedSystemId() {
        sim.failNext(1_000_000, 401); // every request refused, as with a wrong EHRBASE_PASSWORD
        UUID note = UUID.randomUUID();
        Notes.sign(Notes.note(note, 1, Notes.patient())).then().statusCode(202);
        Notes.awaitStatus(note, "failed", Duration.ofSeconds(10));
        JsonPath down = awaitHealth("DOWN", Duration.ofSeconds(5));
        assertTrue(down.getString("checks[0].data.credentials").contains("EHRBASE_PASSWORD"), down.prettify());
        assertEquals("yes", down.getString("checks[0].data.reachable"));
        assertFalse(down.prettify().contains("no EHR known"), down.prettify());
        assertEquals("not checked: EHRbase refused the credentials", down.getString("checks[0].data.systemId"));
        assertEquals(1, countProblems(down), "one problem, the credentials: " + down.prettify());

        sim.resetFaults();
        awaitHealth("UP", Duration.ofSeconds(10));
    }

    @Test
    void ehrbaseLateAtStartIsNotReachableYetThenUpWithinSeconds() {
        // a service that just started (a check of its own) while EHRbase is not up yet
        EhrbaseConfigCheck starting = new EhrbaseConfigCheck(client, queue, redrive, lifecycle, java.time.Clock.systemUTC(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), config);
        sim.goOffline();
        try {
            EhrbaseConfigCheck.Report early = starting.check().await().atMost(Duration.ofSeconds(20));
            assertFalse(early.ok());
            assertEquals("EHRbase not reachable yet", early.reachable().detail());
            assertTrue(early.problems().isEmpty(), "a start-up race is no configuration problem: " + early);
            assertFalse(early.everReachable());

            sim.goOnline();
            long answering = System.nanoTime();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        starting.tick(); // what the scheduler does every second
                        return starting.last().ok();
                    });
            assertTrue((System.nanoTime() - answering) / 1_000_000 < 10_000);
            assertEquals("yes", starting.last().reachable().detail());
        } finally {
            sim.goOnline();
            starting.stop();
        }
    }

    @Inject
    EhrbaseClient client;

    @Inject
    io.recoverysync.ehr.repository.NoteQueueRepository queue;

    @Inject
    io.recoverysync.ehr.service.NoteRedrive redrive;

    @Inject
    io.recoverysync.ehr.service.Lifecycle lifecycle;

    @Inject
    io.recoverysync.ehr.config.EhrSyncConfig config;

    private static int countProblems(JsonPath health) {
        int n = 0;
        while (health.getString("checks[0].data.problem" + (n + 1)) != null) {
            n++;
        }
        return n;
    }

    private static JsonPath awaitHealth(String status, Duration timeout) {
        java.util.concurrent.atomic.AtomicReference<JsonPath> last = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            last.set(health());
            return status.equals(last.get().getString("status"));
        });
        return last.get();
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
