package io.recoverysync.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.RetryAfter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Quota and resilience across replicas: two appointment-sync instances share one IntakeQ budget against a
 * rate-limited simulator; a 429 pauses both; a replica stopped mid-run loses no patient; two scheduler replicas
 * start one nightly run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {
    private static final int PER_MINUTE = 60;
    private static final String PRACTITIONER = "6512f0a1c2b3d4e5f6a7c001";

    private static LocalStack stack;
    private static StackClient client;
    private static IntakeQSimulator sim;
    private static int nextClientId = 9000;

    @BeforeAll
    static void startStack() {
        Path root = LocalStackMain.repositoryRoot();
        stack = LocalStack.start(LocalStack.Options.tests(root, root.resolve("local-stack/target/it-resilience"))
                .withDatabase("local_stack_resilience_it")
                .withIntakeqQuota(PER_MINUTE, 0)
                .withBrokerProcess());
        stack.startReplica(LocalStack.APPOINTMENTS);
        client = new StackClient(stack);
        sim = stack.intakeq();
        sim.addPractitioner(PRACTITIONER, "Rosa Diaz", "rosa.diaz@clinic.example.org");
        client.mapPractitioner(PRACTITIONER, UUID.randomUUID());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static UUID organizationWithPatients(int patients) {
        UUID org = UUID.randomUUID();
        client.organization(org, "Resilience Center " + org.toString().substring(0, 8));
        Instant soon = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
        for (int i = 0; i < patients; i++) {
            int clientId = nextClientId++;
            String email = "res." + clientId + "@example.org";
            sim.addClient(clientId, "Res " + clientId, email, "(555) 020-0000");
            sim.addAppointment(clientId, PRACTITIONER, soon.plus(i, ChronoUnit.HOURS), 50, "Therapy", "Office", null);
            client.patient(UUID.randomUUID(), org, "Res", String.valueOf(clientId), email, clientId);
        }
        return org;
    }

    @Test
    @Order(1)
    void twoConsumersPacedByOneBudgetUseTheRateWithoutA429() {
        UUID org = organizationWithPatients(40);
        sim.resetCounters();
        Instant start = Instant.now();
        StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
        assertEquals(202, started.status());
        JsonNode log = client.awaitFinished(UUID.fromString(started.body().get("syncLogId").asText()), Duration.ofMinutes(3));
        double minutes = Duration.between(start, Instant.now()).toMillis() / 60_000.0;

        assertEquals("completed", log.get("status").asText(), log.toString());
        assertEquals(40, log.get("appointmentsNew").asInt());
        assertEquals(0, sim.rateLimitedRequests(), "pacing alone never trips the limit");
        double achieved = sim.acceptedRequests() / minutes;
        assertTrue(achieved >= 0.9 * PER_MINUTE, "achieved " + achieved + " requests/minute of " + PER_MINUTE);
    }

    @Test
    @Order(2)
    void aRateLimitPausesBothConsumersAndTheRunStillCompletes() {
        UUID org = organizationWithPatients(12);
        sim.setRateLimit(PER_MINUTE / 4, 0); // the account's real limit is lower than configured: 429s follow
        sim.setRetryAfter(RetryAfter.AUTO);
        try {
            StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
            JsonNode log = client.awaitFinished(UUID.fromString(started.body().get("syncLogId").asText()), Duration.ofMinutes(3));
            assertEquals("completed", log.get("status").asText(), log.toString());
            assertEquals(12, log.get("appointmentsNew").asInt());
            assertTrue(sim.rateLimitedRequests() > 0, "the simulator did answer 429");
            // both replicas read the one budget: each reports the pauses the other may have caused
            for (ServiceProcess replica : stack.replicas(LocalStack.APPOINTMENTS)) {
                StackClient.Answer quota = client.get(replica, "/internal/quota", "Bearer " + stack.options().internalToken());
                assertEquals(200, quota.status());
                assertTrue(quota.body().get("rateLimitedResponses").asLong() > 0, replica.name() + " " + quota.body());
            }
        } finally {
            sim.setRateLimit(PER_MINUTE, 0);
        }
    }

    @Test
    @Order(3)
    void aConsumerStoppedMidRunLosesNoPatientAndCountsNothingTwice() {
        UUID org = organizationWithPatients(24);
        StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
        UUID runId = UUID.fromString(started.body().get("syncLogId").asText());
        Instant deadline = Instant.now().plusSeconds(60);
        while (client.syncLog(runId).body() == null
                || client.syncLog(runId).body().path("patientsProcessed").asInt() < 5) {
            assertTrue(Instant.now().isBefore(deadline), "run did not start");
            ServiceProcess.sleep(200);
        }
        stack.replicas(LocalStack.APPOINTMENTS).get(0).close();
        stack.startReplica(LocalStack.APPOINTMENTS);

        JsonNode log = client.awaitFinished(runId, Duration.ofMinutes(3));
        assertEquals("completed", log.get("status").asText(), log.toString());
        assertEquals(24, log.get("patientsProcessed").asInt());
        assertEquals(24, log.get("appointmentsNew").asInt(), "no appointment counted twice");
    }

    @Test
    @Order(5)
    void theBrokerGoingAwayMidRunDelaysTheRunButLosesNothing() {
        UUID org = organizationWithPatients(16);
        StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
        UUID runId = UUID.fromString(started.body().get("syncLogId").asText());
        Instant deadline = Instant.now().plusSeconds(60);
        while (client.syncLog(runId).body() == null
                || client.syncLog(runId).body().path("patientsProcessed").asInt() < 3) {
            assertTrue(Instant.now().isBefore(deadline), "run did not start");
            ServiceProcess.sleep(200);
        }
        stack.brokerProcess().stop();
        ServiceProcess.sleep(10_000); // an outage: the services keep running without their broker
        stack.brokerProcess().start();

        JsonNode log = client.awaitFinished(runId, Duration.ofMinutes(4));
        assertEquals("completed", log.get("status").asText(), log.toString());
        assertEquals(16, log.get("patientsProcessed").asInt());
        assertEquals(16, log.get("appointmentsNew").asInt(), "nothing lost, nothing counted twice");
    }

    @Test
    @Order(4)
    void twoSchedulerReplicasTriggeredTogetherStartOneNightlyRun() {
        organizationWithPatients(1);
        ServiceProcess second = stack.startReplica(LocalStack.SCHEDULER);
        String auth = "Bearer " + stack.options().cronSecret();
        CompletableFuture<StackClient.Answer> a = CompletableFuture.supplyAsync(() ->
                client.post(stack.service(LocalStack.SCHEDULER), "/api/cron/sync-practiceq-appointments", auth));
        CompletableFuture<StackClient.Answer> b = CompletableFuture.supplyAsync(() ->
                client.post(second, "/api/cron/sync-practiceq-appointments", auth));
        Set<String> runIds = new HashSet<>();
        for (StackClient.Answer answer : List.of(a.join(), b.join())) {
            assertEquals(202, answer.status(), String.valueOf(answer.body()));
            for (JsonNode run : answer.body().get("runs")) {
                runIds.add(run.get("organizationId").asText() + "/" + run.get("syncLogId").asText());
            }
        }
        int organizations = runIds.stream().map(r -> r.split("/")[0]).collect(java.util.stream.Collectors.toSet()).size();
        assertEquals(organizations, runIds.size(), "both replicas answer with the same run per organization: " + runIds);
        // (the new replica's start-up catch-up may have created today's runs first; what matters is one per date)
        try (var c = stack.database(); var s = c.createStatement(); var rs = s.executeQuery("""
                SELECT count(*) FROM scheduler.sync_runs WHERE sync_type = 'automated_daily'
                GROUP BY organization_id, business_date HAVING count(*) > 1""")) {
            assertTrue(!rs.next(), "a nightly run was created twice for one organization and date");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
