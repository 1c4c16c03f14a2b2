package io.recoverysync.scheduler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.Topics;
import io.recoverysync.scheduler.config.SchedulerConfig;
import io.recoverysync.scheduler.repository.RunRepository;
import io.recoverysync.scheduler.service.FanOutService;
import io.recoverysync.scheduler.service.NightlyJob;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A fan-out a crash interrupted is resumed once its heartbeat is stale, by one replica only, and a fan-out still
 * under way (its heartbeat fresh) is left alone, however old its run. Rows are written as a crashed process leaves
 * them; the resumed messages are read back from the real broker. The test profile heartbeats every second and
 * counts a heartbeat stale after 3 s; the tests run the recovery sweep themselves.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class FanOutRecoveryTest {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;

    @Inject
    Pool pool;

    @Inject
    NightlyJob nightlyJob;

    @Inject
    FanOutService fanOut;

    @Inject
    RunRepository runs;

    @Inject
    SchedulerConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void sweepResumesCrashedFanOutsAndLeavesLiveOnesAlone() {
        UUID org = SchedulerTestSupport.organization(pool, "Crashed Center");
        List<UUID> patients = SchedulerTestSupport.patients(pool, org, 3);
        UUID other = SchedulerTestSupport.organization(pool, "Live Center");
        SchedulerTestSupport.patients(pool, other, 1);

        // inserted a minute ago, last heartbeat a minute ago: its process died before announcing it
        UUID crashed = run(org, "manual_bulk", null, 60.0, 60.0);
        // recorded before heartbeats existed, two minutes ago: counts from its creation
        UUID legacy = run(org, "manual_patient", patients.get(0), 120.0, null);
        // an hour old but heartbeating: a live replica is still fanning out a large run
        UUID live = run(other, "manual_bulk", null, 3600.0, 0.0);
        // recorded before heartbeats, just now
        UUID young = run(other, "manual_patient", UUID.randomUUID(), 0.0, null);

        List<UUID> resumed = nightlyJob.recoverInterruptedFanOuts().await().atMost(Duration.ofSeconds(30));
        assertTrue(resumed.containsAll(List.of(crashed, legacy)), "resumed: " + resumed);
        assertFalse(resumed.contains(live), "a run with a fresh heartbeat is not taken over");
        assertFalse(resumed.contains(young));

        List<JsonNode> started = runStarted(crashed);
        assertEquals(1, started.size(), "announced once");
        assertEquals(3, started.get(0).get("expectedPatients").asInt());
        assertEquals("manual_bulk", started.get(0).get("syncType").asText());
        assertEquals(Set.copyOf(patients), commandPatients(Topics.SYNC_COMMANDS_BULK, crashed));
        assertEquals(Set.of(patients.get(0)), commandPatients(Topics.SYNC_COMMANDS_PATIENT, legacy));
        assertEquals(1, runStarted(legacy).size());

        Row crashedRow = row(crashed);
        assertTrue(crashedRow.getOffsetDateTime("fanout_completed_at") != null, "marked fanned out");
        assertEquals(3, crashedRow.getInteger("expected_patients"));
        assertTrue(row(legacy).getOffsetDateTime("fanout_completed_at") != null);
        assertNull(row(live).getOffsetDateTime("fanout_completed_at"));
        assertTrue(runStarted(live).isEmpty(), "the live run is not re-announced");

        // a second pass finds nothing more to do for them
        List<UUID> again = nightlyJob.recoverInterruptedFanOuts().await().atMost(Duration.ofSeconds(30));
        assertFalse(again.contains(crashed) || again.contains(legacy));
        assertEquals(1, runStarted(crashed).size());
        ended(live, young);
    }

    @Test
    void concurrentClaimsResumeAStaleRunOnce() {
        UUID org = SchedulerTestSupport.organization(pool, "Two Replicas Center");
        List<UUID> patients = SchedulerTestSupport.patients(pool, org, 2);

        // five replicas try to claim the same stale run at the same moment: exactly one gets it
        UUID contested = run(org, "manual_bulk", null, 60.0, 60.0);
        List<Uni<RunRepository.Run>> claims = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            claims.add(runs.claimStale(contested, config.recovery().staleAfter()));
        }
        List<RunRepository.Run> claimed = Uni.join().all(claims).andFailFast().await().atMost(Duration.ofSeconds(10));
        assertEquals(1, claimed.stream().filter(Objects::nonNull).count(), "one claim wins");
        ended(contested);

        // three sweeps at once (three replicas): the run is resumed by one of them, announced and fanned out once
        UUID crashed = run(org, "automated_daily", null, 60.0, 60.0);
        List<List<UUID>> passes = Uni.join().all(nightlyJob.recoverInterruptedFanOuts(),
                        nightlyJob.recoverInterruptedFanOuts(), nightlyJob.recoverInterruptedFanOuts())
                .andFailFast().await().atMost(Duration.ofSeconds(30));
        assertEquals(1, passes.stream().flatMap(List::stream).filter(crashed::equals).count(), "passes: " + passes);
        assertEquals(1, runStarted(crashed).size());
        List<UUID> commanded = commands(Topics.SYNC_COMMANDS, crashed).stream()
                .map(c -> UUID.fromString(c.get("patientId").asText())).toList();
        assertEquals(2, commanded.size(), "one command per patient, no second fan-out");
        assertEquals(Set.copyOf(patients), Set.copyOf(commanded));
    }

    @Test
    void refusedBulkRefreshResumesTheCrashedRunItNames() {
        UUID org = SchedulerTestSupport.organization(pool, "Stuck Center");
        SchedulerTestSupport.patients(pool, org, 2);
        // the process died 50 ms into the bulk request: the run holds the organization's bulk slot, unannounced
        UUID crashed = run(org, "manual_bulk", null, 60.0, 60.0);
        String path = "/api/partner-dashboard/patients/sync-all";

        given().auth().oauth2(TOKENS.partner(org)).post(path)
                .then().statusCode(409).body("runningSyncLogId", equalTo(crashed.toString()));
        // by the time the refusal names it, the run has been announced (so the log service shows it)
        List<JsonNode> started = runStarted(crashed);
        assertEquals(1, started.size());
        assertEquals(2, started.get(0).get("expectedPatients").asInt());
        assertTrue(row(crashed).getOffsetDateTime("fanout_completed_at") != null);

        // asking again changes nothing: the run is fanned out and still open
        given().auth().oauth2(TOKENS.partner(org)).post(path)
                .then().statusCode(409).body("runningSyncLogId", equalTo(crashed.toString()));
        assertEquals(1, runStarted(crashed).size());
    }

    @Test
    void aFanOutUnderWayKeepsItsHeartbeatFresh() throws Exception {
        UUID org = SchedulerTestSupport.organization(pool, "Slow Center");
        List<UUID> patients = SchedulerTestSupport.patients(pool, org, 2);
        Duration staleAfter = config.recovery().staleAfter();

        // hold the fan-out between its insert and its publication: the roster read waits for this lock
        SqlConnection locker = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        Transaction tx = locker.begin().await().atMost(Duration.ofSeconds(10));
        CompletableFuture<FanOutService.RunTicket> bulk;
        UUID runId;
        try {
            locker.query("LOCK TABLE scheduler.patient_organization_affiliations IN ACCESS EXCLUSIVE MODE")
                    .execute().await().atMost(Duration.ofSeconds(10));
            bulk = fanOut.startBulk(org, "test").subscribeAsCompletionStage();
            runId = await().atMost(Duration.ofSeconds(10)).until(() -> openBulk(org), Objects::nonNull);

            // older than stale-after, yet its heartbeat is kept fresh by the process fanning it out
            await().atMost(Duration.ofSeconds(20)).until(() -> sqlBoolean("""
                    SELECT created_at < now() - make_interval(secs => $2) - interval '1 second'
                       AND fanout_heartbeat_at > now() - make_interval(secs => $2)
                       AND fanout_completed_at IS NULL
                    FROM scheduler.sync_runs WHERE id = $1""", runId, staleAfter.toMillis() / 1000.0));
            assertFalse(runs.unfinishedFanOuts(staleAfter).await().atMost(Duration.ofSeconds(10)).stream()
                    .anyMatch(r -> r.id().equals(runId)), "the sweep does not see it");
            assertNull(runs.claimStale(runId, staleAfter).await().atMost(Duration.ofSeconds(10)),
                    "no other replica can claim it");
            assertFalse(bulk.isDone());
        } finally {
            tx.rollback().await().atMost(Duration.ofSeconds(10));
            locker.close().await().atMost(Duration.ofSeconds(10));
        }

        FanOutService.RunTicket ticket = bulk.get(20, TimeUnit.SECONDS);
        assertEquals(runId, ticket.syncLogId());
        assertEquals(2, ticket.patientCount());
        assertEquals(1, runStarted(runId).size(), "announced once, by the process that started it");
        assertEquals(Set.copyOf(patients), commandPatients(Topics.SYNC_COMMANDS_BULK, runId));
        // the run is over for this process: it is no longer heartbeated
        assertTrue(row(runId).getOffsetDateTime("fanout_completed_at") != null);
        ended(runId);
    }

    /**
     * A run row as a process leaves it before its fan-out completed: created {@code createdAgo} seconds ago, last
     * heartbeat {@code heartbeatAgo} seconds ago (null: recorded before heartbeats).
     */
    private UUID run(UUID org, String type, UUID patient, double createdAgo, Double heartbeatAgo) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO scheduler.sync_runs (id, organization_id, sync_type, business_date, patient_id,
                                                 triggered_by, created_at, fanout_heartbeat_at)
                VALUES ($1, $2, $3, CASE WHEN $3 = 'automated_daily' THEN DATE '2020-01-01' END, $4, 'test',
                        now() - make_interval(secs => $5), now() - make_interval(secs => $6))""")
                .execute(Tuple.tuple().addValue(id).addValue(org).addValue(type).addValue(patient)
                        .addValue(createdAgo).addValue(heartbeatAgo))
                .await().atMost(Duration.ofSeconds(10));
        return id;
    }

    /** Takes runs out of the way of later sweeps, as their end (announced by the log service) would. */
    private void ended(UUID... runIds) {
        pool.preparedQuery("UPDATE scheduler.sync_runs SET ended_at = now(), final_status = 'completed' WHERE id = ANY($1)")
                .execute(Tuple.tuple().addArrayOfUUID(runIds)).await().atMost(Duration.ofSeconds(10));
    }

    private Row row(UUID runId) {
        return pool.preparedQuery("SELECT * FROM scheduler.sync_runs WHERE id = $1").execute(Tuple.of(runId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private UUID openBulk(UUID org) {
        var rows = pool.preparedQuery("""
                SELECT id FROM scheduler.sync_runs
                WHERE organization_id = $1 AND sync_type = 'manual_bulk' AND ended_at IS NULL""")
                .execute(Tuple.of(org)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getUUID(0);
    }

    private boolean sqlBoolean(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getBoolean(0);
    }

    /** Every RunStarted of the run on {@code sync.runs}, read to the end of the topic. */
    private List<JsonNode> runStarted(UUID runId) {
        return readToEnd(Topics.SYNC_RUNS).stream()
                .filter(r -> runId.toString().equals(r.key()))
                .map(r -> json(r.value()))
                .toList();
    }

    private List<JsonNode> commands(String topic, UUID runId) {
        return readToEnd(topic).stream()
                .map(r -> json(r.value()))
                .filter(c -> runId.toString().equals(c.get("runId").asText()))
                .toList();
    }

    private Set<UUID> commandPatients(String topic, UUID runId) {
        List<JsonNode> commands = commands(topic, runId);
        Set<UUID> patients = commands.stream().map(c -> UUID.fromString(c.get("patientId").asText()))
                .collect(Collectors.toSet());
        assertEquals(patients.size(), commands.size(), "one command per patient");
        return patients;
    }

    /**
     * Everything on {@code topic} up to its end offsets at the time of the call: whatever a completed fan-out
     * published (the broker acknowledged it) is in there, so a duplicate would be too.
     */
    private List<ConsumerRecord<String, String>> readToEnd(String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "recovery-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Instant deadline = Instant.now().plusSeconds(20);
            while (!reached(consumer, end.entrySet()) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertTrue(reached(consumer, end.entrySet()), "read " + topic + " to its end");
        }
        return records;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Collection<Map.Entry<TopicPartition, Long>> end) {
        return end.stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static JsonNode json(String text) {
        try {
            return ContractJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
