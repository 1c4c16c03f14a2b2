package io.recoverysync.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.RetryAfter;
import io.recoverysync.simulator.intakeq.SimAppointment;
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
 * Quota and resilience across replicas: two appointment-sync instances share one IntakeQ budget and one practice
 * read against a rate-limited simulator; a 429 storm without Retry-After keeps every service live; a replica
 * killed mid-run loses no patient; the broker going away loses nothing; two scheduler replicas start one nightly
 * run; a webhook answered just before a crash is applied after the restart; a scheduler killed right after a
 * trigger fails nobody; a dead-lettered command is replayed on a broker with default group settings.
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
        awaitRosterView(org, patients);
        return org;
    }

    /** Waits until appointment-sync's roster view has the organization's patients (the roster feed publishes each second). */
    private static void awaitRosterView(UUID org, int patients) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try (var c = stack.database();
                 var ps = c.prepareStatement("SELECT count(*) FROM appointments.roster_affiliations"
                         + " WHERE organization_id = ? AND status = 'active'")) {
                ps.setObject(1, org);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= patients) {
                        return;
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            assertTrue(Instant.now().isBefore(deadline), "the roster view did not get the organization's patients");
            ServiceProcess.sleep(100);
        }
    }

    @Test
    @Order(1)
    void aBulkRunOfFortyPatientsCostsOnePracticeReadWhicheverReplicaReads() {
        UUID org = organizationWithPatients(40);
        sim.resetCounters();
        StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
        assertEquals(202, started.status());
        JsonNode log = client.awaitFinished(UUID.fromString(started.body().get("syncLogId").asText()), Duration.ofMinutes(3));

        assertEquals("completed", log.get("status").asText(), log.toString());
        assertEquals(40, log.get("appointmentsNew").asInt());
        assertEquals(0, sim.clientListRequests(), "no request per patient");
        assertTrue(sim.practiceListRequests() <= 3, "one practice-wide read: " + sim.practiceListRequests() + " requests");
        assertEquals(0, sim.rateLimitedRequests(), "pacing alone never trips the limit");
    }

    @Test
    @Order(2)
    void a429StormWithoutRetryAfterDuringABulkAndANightlyRunKeepsEveryServiceLive() {
        UUID org = organizationWithPatients(12);
        // 150 s of 429s without Retry-After (IntakeQ documents none): the reader waits the minute out, twice or more
        sim.rateLimitFor(Duration.ofSeconds(150), RetryAfter.NONE);
        try {
            StackClient.Answer bulk = client.startBulk(org, Duration.ofSeconds(20));
            assertEquals(202, bulk.status(), String.valueOf(bulk.body()));
            StackClient.Answer cron = client.cron();
            assertEquals(202, cron.status(), String.valueOf(cron.body()));
            UUID bulkRun = UUID.fromString(bulk.body().get("syncLogId").asText());
            UUID nightlyRun = null;
            for (JsonNode run : cron.body().get("runs")) {
                if (run.get("organizationId").asText().equals(org.toString())) {
                    nightlyRun = UUID.fromString(run.get("syncLogId").asText());
                }
            }
            assertTrue(nightlyRun != null, "the nightly run of the organization: " + cron.body());
            List<String> down = new java.util.ArrayList<>();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
            while (!(finished(bulkRun) && finished(nightlyRun))) {
                assertTrue(Instant.now().isBefore(deadline), "the runs did not end after the storm");
                for (ServiceProcess service : stack.services()) {
                    StackClient.Answer live = client.get(service, "/q/health/live", null);
                    if (live.status() != 200) {
                        down.add(service.name() + " " + live.status() + " " + live.body());
                    }
                }
                ServiceProcess.sleep(2_000);
            }
            assertTrue(down.isEmpty(), "liveness went DOWN: " + down);
            assertTrue(sim.rateLimitedRequests() > 0, "the simulator did answer 429");
            int newAppointments = 0;
            for (UUID run : List.of(bulkRun, nightlyRun)) {
                JsonNode log = client.syncLog(run).body();
                assertEquals("completed", log.get("status").asText(), log.toString());
                assertEquals(12, log.get("patientsProcessed").asInt(), "each patient once: " + log);
                assertEquals(12, log.get("appointmentsNew").asInt() + log.get("appointmentsUnchanged").asInt(), log.toString());
                newAppointments += log.get("appointmentsNew").asInt();
            }
            assertEquals(12, newAppointments, "each appointment new once, in one of the two runs");
        } finally {
            sim.calm();
        }
    }

    private static boolean finished(UUID run) {
        JsonNode log = client.syncLog(run).body();
        return log != null && !"running".equals(log.path("status").asText("running"));
    }

    @Test
    @Order(3)
    void aReplicaKilledMidRunLosesNoPatientAndCountsNothingTwice() {
        UUID org = organizationWithPatients(24);
        StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
        UUID runId = UUID.fromString(started.body().get("syncLogId").asText());
        Instant deadline = Instant.now().plusSeconds(60);
        while (client.syncLog(runId).body() == null) {
            assertTrue(Instant.now().isBefore(deadline), "run did not start");
            ServiceProcess.sleep(100);
        }
        // kill -9 of one replica while the run's commands wait or are being answered (it may hold the reader's lease)
        stack.replicas(LocalStack.APPOINTMENTS).get(0).kill();
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

    @Test
    @Order(6)
    void aWebhookAnsweredJustBeforeACrashIsAppliedAfterTheRestart() throws Exception {
        UUID org = organizationWithPatients(1);
        JsonNode first = client.awaitFinished(UUID.fromString(client.startBulk(org, Duration.ofSeconds(20)).body()
                .get("syncLogId").asText()), Duration.ofMinutes(2));
        assertEquals("completed", first.get("status").asText(), first.toString());
        // one replica left, and IntakeQ down for its by-id read: the webhook is recorded and answered, not applied
        List<ServiceProcess> replicas = stack.replicas(LocalStack.APPOINTMENTS);
        for (ServiceProcess extra : replicas.subList(1, replicas.size())) {
            extra.close();
        }
        ServiceProcess only = replicas.get(0);
        SimAppointment appointment = sim.appointments().stream().filter(a -> a.clientId() == nextClientId - 1)
                .findFirst().orElseThrow();
        Instant moved = appointment.start().plus(3, ChronoUnit.HOURS);
        long deliveredBefore = sim.webhooksDelivered();
        sim.setWebhookUrl(stack.webhookUrl(only));
        sim.unavailableFor(Duration.ofSeconds(40), 503);
        try {
            sim.reschedule(appointment.id(), moved);
            assertTrue(sim.awaitWebhooksIdle(Duration.ofSeconds(20)));
            assertEquals(1, sim.webhooksDelivered() - deliveredBefore, "answered 2xx");
            only.kill();
        } finally {
            sim.setWebhookUrl(null);
        }
        sim.calm();
        stack.startReplica(LocalStack.APPOINTMENTS);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!moved.equals(storedStart(appointment.id()))) {
            assertTrue(Instant.now().isBefore(deadline), "the recorded webhook was not applied after the restart");
            ServiceProcess.sleep(500);
        }
    }

    @Test
    @Order(7)
    void theSchedulerKilledRightAfterATriggerFailsNobody() {
        UUID org = organizationWithPatients(8);
        StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
        assertEquals(202, started.status(), String.valueOf(started.body()));
        UUID runId = UUID.fromString(started.body().get("syncLogId").asText());
        // kill -9 while the run's commands are being answered; Kubernetes would start it again
        stack.service(LocalStack.SCHEDULER).kill();
        stack.restart(LocalStack.SCHEDULER); // on its own port, where the other services call it
        JsonNode log = client.awaitFinished(runId, Duration.ofMinutes(4));
        assertEquals("completed", log.get("status").asText(), log.toString());
        assertEquals(8, log.get("patientsProcessed").asInt());
        assertEquals(0, log.get("patientsFailed").asInt(), "no ROSTER_UNAVAILABLE: the roster is a view, not a call");
    }

    /**
     * The stack's broker process keeps Kafka's default group settings (a 3 s initial rebalance delay, which the
     * in-JVM test broker sets to 0): a command put on the dead-letter topic is replayed by the ops endpoint at once.
     */
    @Test
    @Order(8)
    void aDeadLetteredCommandIsReplayedOnABrokerWithDefaultGroupSettings() throws Exception {
        UUID org = organizationWithPatients(1);
        UUID patient;
        try (var c = stack.database(); var ps = c.prepareStatement(
                "SELECT patient_id FROM appointments.roster_affiliations WHERE organization_id = ?")) {
            ps.setObject(1, org);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next());
                patient = (UUID) rs.getObject(1);
            }
        }
        io.recoverysync.contracts.SyncCommand command = new io.recoverysync.contracts.SyncCommand(UUID.randomUUID(),
                io.recoverysync.contracts.SyncCommand.VERSION, UUID.randomUUID(),
                io.recoverysync.contracts.SyncType.MANUAL_PATIENT, org, patient, Instant.now());
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", stack.bootstrapServers());
        props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        props.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    io.recoverysync.contracts.Topics.SYNC_COMMANDS_DLQ, patient.toString(),
                    io.recoverysync.contracts.ContractJson.mapper().writeValueAsString(command))).get();
        }
        StackClient.Answer replay = client.post(stack.replicas(LocalStack.APPOINTMENTS).get(0),
                "/internal/dlq/sync-commands/replay", client.ops());
        assertEquals(200, replay.status(), String.valueOf(replay.body()));
        assertTrue(replay.body().get("replayed").asInt() >= 1, "replayed nothing: " + replay.body());
        Instant deadline = Instant.now().plusSeconds(60);
        while (!handled(command.messageId())) {
            assertTrue(Instant.now().isBefore(deadline), "the replayed command was not handled");
            ServiceProcess.sleep(250);
        }
    }

    private static boolean handled(UUID messageId) throws java.sql.SQLException {
        try (var c = stack.database();
             var ps = c.prepareStatement("SELECT 1 FROM appointments.processed_commands WHERE message_id = ?")) {
            ps.setObject(1, messageId);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Instant storedStart(String intakeqId) throws java.sql.SQLException {
        try (var c = stack.database();
             var ps = c.prepareStatement("SELECT start_at FROM appointments.appointments WHERE intakeq_appointment_id = ?")) {
            ps.setString(1, intakeqId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }
}
