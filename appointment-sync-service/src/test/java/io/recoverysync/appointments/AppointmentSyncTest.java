package io.recoverysync.appointments;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.RosterPatient;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.contracts.kafka.ContractSerializer;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.SimAppointment;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
import io.recoverysync.testsupport.TestTokens;
import io.recoverysync.testsupport.TopicReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A patient's commands answered by reads of its own IntakeQ client (single-patient refreshes, as the dashboard
 * sends them): counts, redelivery, reason codes, paging, IntakeQ's failures and 429s, dead letters.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class AppointmentSyncTest {
    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private IntakeQSimulator sim;
    private SyncFixture fixture;
    private final UUID org = UUID.randomUUID();
    private final String mappedPractitioner = SyncFixture.MAPPED_PRACTITIONER;

    @BeforeEach
    void setUp() {
        sim = IntakeQSimulatorResource.simulator();
        fixture = new SyncFixture(sim, bootstrap, pool);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void newThenUnchangedThenUpdatedAcrossRuns() {
        SyncFixture.Patient p = fixture.patient(org);
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS);
        SimAppointment a1 = sim.addAppointment(p.clientId(), mappedPractitioner, base.plus(2, ChronoUnit.DAYS), 50, "Follow-up", "Telehealth", "https://video.example.invalid/a1");
        SimAppointment a2 = sim.addAppointment(p.clientId(), mappedPractitioner, base.plus(9, ChronoUnit.DAYS), 50, "Follow-up", "Main Office", null);
        SimAppointment a3 = sim.addAppointment(p.clientId(), mappedPractitioner, base.minus(20, ChronoUnit.DAYS), 50, "Intake", "Main Office", null);

        SyncResult first = fixture.syncAndAwait(org, p.id());
        SyncFixture.assertCounts(first, 3, 0, 0, 0);
        assertEquals(ResultStatus.SUCCEEDED, first.status());

        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 0, 0, 3, 0);

        sim.reschedule(a1.id(), a1.start().plus(1, ChronoUnit.HOURS));
        sim.cancel(a2.id(), "Client request");
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 0, 2, 1, 0);

        sim.delete(a3.id());
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 0, 1, 2, 0);
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 0, 0, 2, 0);

        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .get("/api/partner-dashboard/patients/" + p.id() + "/appointments")
                .then().statusCode(200)
                .body("$", hasSize(3))
                .body("find { it.intakeqAppointmentId == '" + a1.id() + "' }.telehealthUrl", equalTo("https://video.example.invalid/a1"))
                .body("find { it.intakeqAppointmentId == '" + a2.id() + "' }.status", equalTo("Canceled"))
                .body("find { it.intakeqAppointmentId == '" + a3.id() + "' }.status", equalTo("Removed"));
        given().auth().oauth2(TestTokens.DEFAULT.partner(UUID.randomUUID()))
                .get("/api/partner-dashboard/patients/" + p.id() + "/appointments")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void redeliveredCommandRepublishesTheSameResultWithoutCallingIntakeQ() {
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(3, ChronoUnit.DAYS), 30, "Check-in", "Telehealth", null);
        SyncCommand command = fixture.command(SyncType.MANUAL_PATIENT, org, p.id());
        fixture.send(command);
        SyncResult first = fixture.awaitResults(command.runId(), 1).get(0);
        long requests = sim.acceptedRequests();

        fixture.send(command);
        List<SyncResult> both = fixture.awaitResults(command.runId(), 2);
        assertEquals(first, both.get(1), "identical result, same message id");
        assertEquals(MessageIds.result(command.messageId(), SyncResult.SOURCE_APPOINTMENTS), first.messageId());
        assertEquals(requests, sim.acceptedRequests(), "no IntakeQ request for a redelivery");
        Long stored = pool.preparedQuery("SELECT count(*) FROM appointments.appointments WHERE patient_id = $1")
                .execute(Tuple.of(p.id())).await().indefinitely().iterator().next().getLong(0);
        assertEquals(1L, stored);
    }

    @Test
    void patientWithNeitherClientIdNorEmailFailsWithReasonCode() {
        SyncFixture.Patient p = fixture.patient(org, false, false);
        SyncResult result = fixture.syncAndAwait(org, p.id());
        assertEquals(ResultStatus.FAILED, result.status());
        assertEquals(ReasonCode.PATIENT_NO_EMAIL, result.reasonCode());
    }

    @Test
    void aPatientWithAClientIdButNoEmailIsReadByClientNumber() {
        SyncFixture.Patient p = fixture.patient(org, true, false);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(2, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        SyncResult result = fixture.syncAndAwait(org, p.id());
        assertEquals(ResultStatus.SUCCEEDED, result.status(), String.valueOf(result));
        SyncFixture.assertCounts(result, 1, 0, 0, 0);
    }

    @Test
    void aPatientWithoutAClientIdIsMatchedByItsEmail() {
        SyncFixture.Patient p = fixture.patient(org, false, true);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(2, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 1, 0, 0, 0);
        Integer linked = pool.preparedQuery("SELECT intakeq_client_id FROM appointments.client_links WHERE patient_id = $1")
                .execute(Tuple.of(p.id())).await().indefinitely().iterator().next().getInteger(0);
        assertEquals(p.clientId(), linked, "the client resolved from the email is remembered (not the email)");
        // and told to the roster's owner on roster.client-links: ids only, keyed by the patient
        String key = p.id().toString();
        var records = TopicReader.read(bootstrap, Topics.ROSTER_CLIENT_LINKS,
                read -> read.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(30));
        String value = records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow().value();
        assertTrue(value.contains("\"intakeqClientId\":" + p.clientId()), value);
        assertTrue(!value.contains("@") && !value.contains("Client "), "no email or name: " + value);
    }

    @Test
    void anUnmappedPractitionersAppointmentIsStoredWithoutAProviderAndReported() {
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(1, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        SimAppointment unmapped = sim.addAppointment(p.clientId(), SyncFixture.UNMAPPED_PRACTITIONER,
                Instant.now().plus(2, ChronoUnit.DAYS), 50, "Therapy", "Office", "https://video.example.invalid/u");
        SyncResult result = fixture.syncAndAwait(org, p.id());
        assertEquals(ResultStatus.FAILED, result.status());
        assertEquals(ReasonCode.UNKNOWN_PRACTITIONER, result.reasonCode());
        SyncFixture.assertCounts(result, 2, 0, 0, 1);
        assertTrue(result.detail().contains(SyncFixture.UNMAPPED_PRACTITIONER));
        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .get("/api/partner-dashboard/patients/" + p.id() + "/appointments")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("find { it.intakeqAppointmentId == '" + unmapped.id() + "' }.providerId", nullValue())
                .body("find { it.intakeqAppointmentId == '" + unmapped.id() + "' }.telehealthUrl",
                        equalTo("https://video.example.invalid/u"));
    }

    @Test
    void pagesThroughMoreThanOneHundredAppointments() {
        SyncFixture.Patient p = fixture.patient(org);
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(80, ChronoUnit.DAYS);
        for (int i = 0; i < 150; i++) {
            sim.addAppointment(p.clientId(), mappedPractitioner, base.plus(i, ChronoUnit.DAYS), 30, "Group", "Office", null);
        }
        long before = sim.requestsForPath("/api/v1/appointments");
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 150, 0, 0, 0);
        assertEquals(2, sim.requestsForPath("/api/v1/appointments") - before, "two pages: 100 + 50");
    }

    @Test
    void transientServerErrorsAreRetriedAndPersistentOnesReported() {
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(1, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        sim.failNext(2, 503);
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 1, 0, 0, 0);

        sim.failNext(10, 503);
        SyncResult failed = fixture.syncAndAwait(org, p.id());
        sim.failNext(0, 503);
        assertEquals(ReasonCode.INTAKEQ_UNAVAILABLE, failed.reasonCode());

        sim.malformedNext(1);
        assertEquals(ReasonCode.INTAKEQ_BAD_RESPONSE, fixture.syncAndAwait(org, p.id()).reasonCode());
    }

    @Test
    void rateLimitedRequestWaitsForRetryAfterAndThenSucceeds() {
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(1, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        sim.resetCounters();
        double limitedBefore = requestsCounted("rate_limited");
        double okBefore = requestsCounted("ok");
        sim.setRateLimit(1, 0);
        sim.setRetryAfterSeconds(1);
        // use up the minute's only request
        given().header("X-Auth-Key", sim.apiKey()).get(sim.baseUrl() + "/appointments?client=nobody").then().statusCode(200);
        SyncCommand command = fixture.command(SyncType.MANUAL_PATIENT, org, p.id());
        fixture.send(command);
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.rateLimitedRequests() >= 1);
        sim.resetCounters(); // the window frees up
        SyncResult result = fixture.awaitResults(command.runId(), 1).get(0);
        assertEquals(ResultStatus.SUCCEEDED, result.status());
        assertNull(result.reasonCode());
        // intakeq_requests_total counts the 429 and the request that then succeeded
        assertTrue(requestsCounted("rate_limited") >= limitedBefore + 1, "429s counted");
        assertTrue(requestsCounted("ok") >= okBefore + 1, "successful requests counted");
    }

    /**
     * A fault of our own database (the budget's table refuses its update) is not an IntakeQ failure: while it lasts
     * the command waits (no FAILED result, although {@code transient-patience} is 0 in tests), no IntakeQ request
     * outcome is counted; once it is mended the command is answered.
     */
    @Test
    void aDatabaseFaultWhileReservingABudgetSlotIsNotAnIntakeQFailure() {
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(1, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        double requestsBefore = allRequestsCounted();
        SyncCommand command = fixture.command(SyncType.MANUAL_PATIENT, org, p.id());
        try {
            failQuotaUpdates("true");
            fixture.send(command);
            await().atMost(Duration.ofSeconds(30)).until(() -> quotaFaults() >= 3);
            assertWaiting(command);
            assertEquals(requestsBefore, allRequestsCounted(), "no IntakeQ request was sent or counted");
        } finally {
            mendQuota();
        }
        SyncResult result = fixture.awaitResults(command.runId(), 1).get(0);
        assertEquals(ResultStatus.SUCCEEDED, result.status(), String.valueOf(result));
        SyncFixture.assertCounts(result, 1, 0, 0, 0);
    }

    /**
     * IntakeQ answers 429 and the shared pause cannot be recorded: the database fault is ours, not IntakeQ's, so the
     * command waits rather than failing with an IntakeQ reason, and is answered once the table takes updates again.
     */
    @Test
    void aDatabaseFaultWhileRecordingA429PauseIsNotAnIntakeQFailure() {
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(1, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        sim.resetCounters();
        sim.setRateLimit(1, 0);
        sim.setRetryAfterSeconds(1);
        given().header("X-Auth-Key", sim.apiKey()).get(sim.baseUrl() + "/appointments?client=nobody").then().statusCode(200);
        SyncCommand command = fixture.command(SyncType.MANUAL_PATIENT, org, p.id());
        try {
            failQuotaUpdates("NEW.paused_until IS DISTINCT FROM OLD.paused_until");
            fixture.send(command);
            await().atMost(Duration.ofSeconds(30)).until(() -> quotaFaults() >= 2);
            assertTrue(sim.rateLimitedRequests() >= 2, "IntakeQ answered 429 each time");
            assertWaiting(command);
        } finally {
            mendQuota();
            sim.setRateLimit(0, 0);
            sim.resetCounters();
        }
        SyncResult result = fixture.awaitResults(command.runId(), 1).get(0);
        assertEquals(ResultStatus.SUCCEEDED, result.status(), String.valueOf(result));
        SyncFixture.assertCounts(result, 1, 0, 0, 0);
    }

    /**
     * Makes every update of {@code appointments.intakeq_quota} for which {@code condition} holds fail with a
     * PostgreSQL error; each refusal draws from a sequence (not rolled back with the statement), so tests can see it.
     */
    private void failQuotaUpdates(String condition) {
        pool.query("CREATE SEQUENCE appointments.quota_faults").execute().await().indefinitely();
        pool.query("""
                CREATE FUNCTION appointments.fail_quota() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF %s THEN
                    PERFORM nextval('appointments.quota_faults');
                    RAISE EXCEPTION 'quota table unavailable (test fault)';
                  END IF;
                  RETURN NEW;
                END $$""".formatted(condition)).execute().await().indefinitely();
        pool.query("CREATE TRIGGER fail_quota BEFORE UPDATE ON appointments.intakeq_quota"
                + " FOR EACH ROW EXECUTE FUNCTION appointments.fail_quota()").execute().await().indefinitely();
    }

    private void mendQuota() {
        pool.query("DROP TRIGGER IF EXISTS fail_quota ON appointments.intakeq_quota").execute().await().indefinitely();
        pool.query("DROP FUNCTION IF EXISTS appointments.fail_quota()").execute().await().indefinitely();
        pool.query("DROP SEQUENCE IF EXISTS appointments.quota_faults").execute().await().indefinitely();
    }

    private long quotaFaults() {
        var row = pool.query("SELECT last_value, is_called FROM appointments.quota_faults").execute().await().indefinitely()
                .iterator().next();
        return row.getBoolean("is_called") ? row.getLong("last_value") : 0;
    }

    /** No result of the command was published, and the command still waits for an answer. */
    private void assertWaiting(SyncCommand command) {
        List<SyncResult> published = fixture.awaitResults(command.runId(), 1, Duration.ofSeconds(2));
        assertTrue(published.isEmpty(), "no result while our database fails: " + published);
        Long waiting = pool.preparedQuery("SELECT count(*) FROM appointments.pending_commands WHERE message_id = $1")
                .execute(Tuple.of(command.messageId())).await().indefinitely().iterator().next().getLong(0);
        assertEquals(1L, waiting, "the command still waits");
    }

    private static double allRequestsCounted() {
        return PrometheusText.sumOrZero(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                "intakeq_requests_total");
    }

    private static double requestsCounted(String outcome) {
        double value = PrometheusText.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                "intakeq_requests_total", "outcome=" + outcome);
        return Double.isNaN(value) ? 0 : value;
    }

    @Test
    void malformedCommandIsDeadLetteredAndTheConsumerGoesOn() throws Exception {
        SyncFixture.Patient p = fixture.patient(org);
        String key = p.id().toString(); // same key, so the same partition as the good command below
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>(Topics.SYNC_COMMANDS, key, "{not json")).get();
            raw.send(new ProducerRecord<>(Topics.SYNC_COMMANDS, key, "{\"version\":1}")).get();
        }
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> dead = TopicReader.read(bootstrap,
                Topics.SYNC_COMMANDS_DLQ, rs -> rs.stream().filter(r -> key.equals(r.key())).count() >= 2, Duration.ofSeconds(30));
        assertEquals(2, dead.stream().filter(r -> key.equals(r.key())).count());
        // the partition is not stuck: a good command behind the bad ones still gets its result
        assertEquals(ResultStatus.SUCCEEDED, fixture.syncAndAwait(org, p.id()).status());
    }

    @Test
    void deadLetteredCommandsCanBeReplayed() throws Exception {
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), mappedPractitioner, Instant.now().plus(4, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        SyncCommand command = fixture.command(SyncType.MANUAL_PATIENT, org, p.id());
        // as if its handling had given up after an outage
        fixture.sendRaw(Topics.SYNC_COMMANDS_DLQ, p.id().toString(), command);
        fixture.sendRaw(Topics.SYNC_COMMANDS_DLQ, "unreadable", "{not a command");

        String path = "/internal/dlq/sync-commands/replay";
        given().post(path).then().statusCode(401);
        given().header("Authorization", "Bearer test-internal-token").post(path).then().statusCode(401);
        given().auth().oauth2(TestTokens.DEFAULT.partner(org)).post(path).then().statusCode(403);
        given().auth().oauth2(TestTokens.DEFAULT.ops()).queryParam("max", "lots").post(path)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("max"));
        given().auth().oauth2(TestTokens.DEFAULT.ops()).post(path)
                .then().statusCode(200)
                .body("replayed", greaterThanOrEqualTo(1))
                .body("skippedUnreadable", greaterThanOrEqualTo(1));
        SyncResult result = fixture.awaitResults(command.runId(), 1).get(0);
        assertEquals(ResultStatus.SUCCEEDED, result.status());
        SyncFixture.assertCounts(result, 1, 0, 0, 0);
        // a second replay finds nothing new
        given().auth().oauth2(TestTokens.DEFAULT.ops()).post(path)
                .then().statusCode(200).body("replayed", equalTo(0));
    }
}
