package io.recoverysync.synclog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A run whose results never all arrive ends timed_out, names the missing patients and is announced as ended. */
@QuarkusTest
@TestProfile(RunTimeoutTest.ShortDeadlines.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class RunTimeoutTest extends WithSyncEvents {

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /** Deadline: 3 s + 0 s per patient, checked every second. */
    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sync-log.timeout.base", "PT3S", "sync-log.timeout.per-patient", "PT0S");
        }
    }

    @Test
    void runWithMissingResultsTimesOutNamingWhoNeverReported() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID reported = UUID.randomUUID();
        UUID silent1 = UUID.randomUUID();
        UUID silent2 = UUID.randomUUID();
        events.send(new RunStarted(MessageIds.runStarted(run), RunStarted.VERSION, run, SyncType.MANUAL_BULK, org, 3,
                "dashboard", null, Instant.now(), List.of(reported, silent1, silent2)));
        events.send(SyncEvents.succeeded(run, org, reported, 1, 0, 0, 0));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Runs.asOps().get("/api/sync-logs/" + run)
                .then().statusCode(200).body("status", equalTo("timed_out")));
        Runs.asOps().get("/api/sync-logs/" + run).then()
                .body("patientsProcessed", equalTo(1))
                .body("missingPatients", containsInAnyOrder(silent1.toString(), silent2.toString()))
                .body("durationMs", greaterThanOrEqualTo(3000));

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        List<ConsumerRecord<String, String>> ended = TopicReader.read(bootstrap, Topics.SYNC_RUNS_ENDED,
                rs -> rs.stream().anyMatch(r -> r.key().equals(run.toString())), Duration.ofSeconds(20));
        JsonNode event = ended.stream().filter(r -> r.key().equals(run.toString()))
                .map(r -> read(r.value())).findFirst().orElseThrow();
        assertEquals("timed_out", event.get("status").asText());
        assertEquals(org.toString(), event.get("organizationId").asText());
        assertEquals("manual_bulk", event.get("syncType").asText());
    }

    @Test
    void completedRunIsAnnouncedAsEndedOnce() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, org, 1));
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 1, 0, 0, 0));
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        List<ConsumerRecord<String, String>> ended = TopicReader.read(bootstrap, Topics.SYNC_RUNS_ENDED,
                rs -> rs.stream().anyMatch(r -> r.key().equals(run.toString())), Duration.ofSeconds(20));
        assertEquals("completed", ended.stream().filter(r -> r.key().equals(run.toString()))
                .map(r -> read(r.value()).get("status").asText()).findFirst().orElseThrow());
    }

    @Test
    void anEndWhoseAnnouncementWasLostIsAnnouncedAgain() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, org, 1));
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 1, 0, 0, 0));
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        TopicReader.read(bootstrap, Topics.SYNC_RUNS_ENDED, rs -> rs.stream().anyMatch(r -> r.key().equals(run.toString())),
                Duration.ofSeconds(20));
        // as if the send had failed, or the process died right after the commit: the row says "not announced"
        pool.preparedQuery("UPDATE synclog.sync_logs SET end_announced_at = NULL, completed_at = now() - interval '1 minute'"
                + " WHERE id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(run)).await().indefinitely();
        List<ConsumerRecord<String, String>> ended = TopicReader.read(bootstrap, Topics.SYNC_RUNS_ENDED,
                rs -> rs.stream().filter(r -> r.key().equals(run.toString())).count() >= 2, Duration.ofSeconds(30));
        List<JsonNode> events = ended.stream().filter(r -> r.key().equals(run.toString())).map(r -> read(r.value())).toList();
        assertEquals(2, events.size(), "announced again");
        assertEquals(events.get(0).get("messageId").asText(), events.get(1).get("messageId").asText(),
                "with the same message id, so the scheduler applies it once");
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.preparedQuery(
                "SELECT end_announced_at IS NOT NULL FROM synclog.sync_logs WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(run)).await().indefinitely().iterator().next().getBoolean(0));
    }

    private static JsonNode read(String json) {
        try {
            return ContractJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
