package io.recoverysync.scheduler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RunEnded;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.kafka.ContractSerializer;
import io.recoverysync.scheduler.service.FanOutService;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import io.recoverysync.contracts.Topics;
import io.recoverysync.scheduler.service.NightlyJob;
import io.recoverysync.scheduler.service.NightlySchedule;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import io.recoverysync.testsupport.TopicReader;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class SchedulerApiTest {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;

    @Inject
    Pool pool;

    @Inject
    Scheduler scheduler;

    @Inject
    NightlySchedule schedule;

    @Inject
    NightlyJob nightlyJob;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void cronEndpointRejectsMissingOrWrongSecret() {
        String path = "/api/cron/sync-practiceq-appointments";
        given().post(path).then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong").post(path).then().statusCode(401);
        given().header("Authorization", "Bearer test-cron-secre").post(path).then().statusCode(401);
        given().header("Authorization", "Basic test-cron-secret").post(path).then().statusCode(401);
        given().header("Authorization", "test-cron-secret").post(path).then().statusCode(401);
    }

    @Test
    void cronTriggerStartsOneNightlyRunPerOrganizationAndBusinessDate() {
        UUID org = SchedulerTestSupport.organization(pool, "Cron Center");
        List<UUID> patients = SchedulerTestSupport.patients(pool, org, 3);
        SchedulerTestSupport.patient(pool, org, "gone@example.org", 77, "discharged");

        String path = "/api/cron/sync-practiceq-appointments";
        JsonNode first = json(given().header("Authorization", "Bearer test-cron-secret").post(path)
                .then().statusCode(202).extract().asString());
        JsonNode firstRun = runFor(first, org);
        assertTrue(firstRun.get("created").asBoolean());
        assertEquals(3, firstRun.get("patientCount").asInt());

        // a second trigger on the same local date (another replica, a retrying CronJob) starts nothing new
        JsonNode second = json(given().header("Authorization", "Bearer test-cron-secret").post(path)
                .then().statusCode(202).extract().asString());
        JsonNode secondRun = runFor(second, org);
        assertFalse(secondRun.get("created").asBoolean());
        assertEquals(firstRun.get("syncLogId").asText(), secondRun.get("syncLogId").asText());

        String runId = firstRun.get("syncLogId").asText();
        List<ConsumerRecord<String, String>> commands = commandsOf(Topics.SYNC_COMMANDS, runId, 3);
        assertEquals(Set.copyOf(patients.stream().map(UUID::toString).toList()),
                commands.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
        List<ConsumerRecord<String, String>> runs = TopicReader.read(bootstrap, Topics.SYNC_RUNS,
                rs -> rs.stream().anyMatch(r -> r.key().equals(runId)), Duration.ofSeconds(20));
        JsonNode started = runs.stream().filter(r -> r.key().equals(runId)).map(r -> json(r.value())).findFirst().orElseThrow();
        assertEquals(3, started.get("expectedPatients").asInt());
        assertEquals(3, started.get("patientIds").size(), "the run lists its patients so a timeout can name them");
        assertEquals("automated_daily", started.get("syncType").asText());
        assertEquals(schedule.businessDate(Instant.now()).toString(), started.get("businessDate").asText());
        assertEquals(1, runs.stream().filter(r -> r.key().equals(runId)).count(), "run announced once");
    }

    @Test
    void bulkRefreshPublishesOneCommandPerActivePatientWithIdsOnly() {
        UUID org = SchedulerTestSupport.organization(pool, "Bulk Center");
        List<UUID> patients = SchedulerTestSupport.patients(pool, org, 5);
        SchedulerTestSupport.patient(pool, org, "inactive@example.org", 78, "inactive");

        String runId = given().auth().oauth2(TOKENS.partner(org))
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(202)
                .body("patientCount", equalTo(5))
                .body("syncLogId", notNullValue())
                .extract().path("syncLogId");

        List<ConsumerRecord<String, String>> commands = commandsOf(Topics.SYNC_COMMANDS_BULK, runId, 5);
        assertEquals(5, commands.size());
        for (ConsumerRecord<String, String> record : commands) {
            JsonNode command = json(record.value());
            assertEquals(record.key(), command.get("patientId").asText(), "keyed by patient id");
            assertEquals(org.toString(), command.get("organizationId").asText());
            assertEquals("manual_bulk", command.get("syncType").asText());
            assertFalse(record.value().contains("@example.org"), "no email on Kafka");
            assertTrue(patients.contains(UUID.fromString(record.key())));
        }
        String triggeredBy = pool.preparedQuery("SELECT triggered_by FROM scheduler.sync_runs WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(runId))).await().indefinitely()
                .iterator().next().getString(0);
        assertTrue(triggeredBy.matches("dashboard:partner:user-[0-9a-f-]{36}"), "who clicked: " + triggeredBy);
    }

    @Test
    void singlePatientRefreshIsScopedToTheCallersOrganization() {
        UUID org = SchedulerTestSupport.organization(pool, "Own Center");
        UUID other = SchedulerTestSupport.organization(pool, "Other Center");
        UUID patient = SchedulerTestSupport.patient(pool, org, "own@example.org", 501, "active");
        UUID foreign = SchedulerTestSupport.patient(pool, other, "foreign@example.org", 502, "active");

        String runId = given().auth().oauth2(TOKENS.partner(org))
                .post("/api/partner-dashboard/patients/" + patient + "/sync")
                .then().statusCode(202).body("patientCount", equalTo(1)).extract().path("syncLogId");
        assertEquals(1, commandsOf(Topics.SYNC_COMMANDS_PATIENT, runId, 1).size());

        given().auth().oauth2(TOKENS.partner(org))
                .post("/api/partner-dashboard/patients/" + foreign + "/sync")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TOKENS.partner(org))
                .post("/api/partner-dashboard/patients/not-a-uuid/sync")
                .then().statusCode(404);
        given().post("/api/partner-dashboard/patients/" + patient + "/sync")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TOKENS.partner(UUID.randomUUID()))
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(404);
        // ops re-runs one patient of any organization; a bulk refresh must name the organization
        given().auth().oauth2(TOKENS.ops())
                .post("/api/partner-dashboard/patients/" + foreign + "/sync")
                .then().statusCode(202).body("organizationId", equalTo(other.toString()));
        given().auth().oauth2(TOKENS.ops())
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(400).body("errors[0].field", equalTo("organizationId"));
    }

    @Test
    void secondBulkRefreshIsRefusedUntilTheFirstHasEnded() throws Exception {
        UUID org = SchedulerTestSupport.organization(pool, "Busy Center");
        SchedulerTestSupport.patients(pool, org, 2);
        String path = "/api/partner-dashboard/patients/sync-all";
        String first = given().auth().oauth2(TOKENS.partner(org)).post(path)
                .then().statusCode(202).extract().path("syncLogId");
        given().auth().oauth2(TOKENS.partner(org)).post(path)
                .then().statusCode(409).contentType("application/problem+json")
                .body("runningSyncLogId", equalTo(first));

        UUID runId = UUID.fromString(first);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ContractSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SYNC_RUNS_ENDED, first, new RunEnded(MessageIds.runEnded(runId),
                    RunEnded.VERSION, runId, org, SyncType.MANUAL_BULK, "completed", Instant.now()))).get();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TOKENS.partner(org))
                .post(path).then().statusCode(202));
    }

    @Test
    void missedNightRunsOnceWhenTheSchedulerComesBack() {
        UUID org = SchedulerTestSupport.organization(pool, "Sleepy Center");
        SchedulerTestSupport.patients(pool, org, 1);
        // back up at noon UTC on 2026-03-08: the latest due night is that day's 03:00 MDT (09:00Z)
        Instant backAt = Instant.parse("2026-03-08T12:00:00Z");
        FanOutService.RunTicket first = ticketFor(nightlyJob.catchUp(backAt).await().indefinitely(), org);
        assertTrue(first.created());
        FanOutService.RunTicket again = ticketFor(nightlyJob.catchUp(backAt.plusSeconds(3600)).await().indefinitely(), org);
        assertFalse(again.created(), "a second start the same day starts nothing");
        assertEquals(first.syncLogId(), again.syncLogId());
        Long runs = pool.preparedQuery("SELECT count(*) FROM scheduler.sync_runs WHERE organization_id = $1 AND business_date = '2026-03-08'")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(org)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(1L, runs);
    }

    @Test
    void oneOrganizationsFailureDoesNotCostTheOthersTheirNight() {
        UUID broken = SchedulerTestSupport.organization(pool, "Broken Center");
        UUID fine = SchedulerTestSupport.organization(pool, "Fine Center");
        SchedulerTestSupport.patients(pool, broken, 1);
        SchedulerTestSupport.patients(pool, fine, 1);
        Instant night = Instant.parse("2026-04-02T12:00:00Z");
        // a real database fault for one organization only: its run row cannot be written
        sql("""
                CREATE OR REPLACE FUNCTION scheduler.test_refuse_run() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql""");
        sql("CREATE TRIGGER test_refuse_run BEFORE INSERT ON scheduler.sync_runs FOR EACH ROW "
                + "WHEN (NEW.organization_id = '" + broken + "') EXECUTE FUNCTION scheduler.test_refuse_run()");
        try {
            List<FanOutService.RunTicket> tickets = nightlyJob.catchUp(night).await().indefinitely();
            assertTrue(ticketFor(tickets, fine).created(), "the other organization got its night");
            assertEquals(null, ticketFor(tickets, broken).syncLogId(), "the broken one is reported as not started");
        } finally {
            sql("DROP TRIGGER test_refuse_run ON scheduler.sync_runs");
            sql("DROP FUNCTION scheduler.test_refuse_run()");
        }
        // the next pass of the catch-up starts the missing run, and only that one
        List<FanOutService.RunTicket> later = nightlyJob.catchUp(night.plusSeconds(900)).await().indefinitely();
        assertTrue(ticketFor(later, broken).created());
        assertFalse(ticketFor(later, fine).created());
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }

    private static FanOutService.RunTicket ticketFor(List<FanOutService.RunTicket> tickets, UUID org) {
        return tickets.stream().filter(t -> t.organizationId().equals(org)).findFirst().orElseThrow();
    }

    @Test
    void rosterLookupNeedsTheServiceToken() {
        UUID org = SchedulerTestSupport.organization(pool, "Roster Center");
        UUID patient = SchedulerTestSupport.patient(pool, org, "roster@example.org", 601, "active");
        String path = "/internal/roster/patients/" + patient;
        given().get(path).then().statusCode(401);
        given().header("Authorization", "Bearer nope").get(path).then().statusCode(401);
        given().header("Authorization", "Bearer test-internal-token").get(path)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("email", equalTo("roster@example.org"))
                .body("intakeqClientId", equalTo(601))
                .body("organizationId", equalTo(org.toString()))
                .body("active", equalTo(true));
        given().header("Authorization", "Bearer test-internal-token").get("/internal/roster/patients/" + UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void inProcessNightlyJobFiresAtThreeInDenver() {
        Instant next = scheduler.getScheduledJob(NightlyJob.IDENTITY).getNextFireTime();
        assertEquals(schedule.nextFireAfter(Instant.now()).toInstant(), next);
        assertEquals(3, next.atZone(java.time.ZoneId.of("America/Denver")).getHour());
    }

    @Test
    void healthIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private List<ConsumerRecord<String, String>> commandsOf(String topic, String runId, int expected) {
        List<ConsumerRecord<String, String>> all = TopicReader.read(bootstrap, topic,
                rs -> rs.stream().filter(r -> r.value().contains(runId)).count() >= expected, Duration.ofSeconds(20));
        return all.stream().filter(r -> json(r.value()).get("runId").asText().equals(runId)).toList();
    }

    private static JsonNode runFor(JsonNode response, UUID org) {
        for (JsonNode run : response.get("runs")) {
            if (run.get("organizationId").asText().equals(org.toString())) {
                return run;
            }
        }
        throw new AssertionError("no run for " + org + " in " + response);
    }

    private static JsonNode json(String text) {
        try {
            return ContractJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
