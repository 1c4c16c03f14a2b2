package io.recoverysync.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.Topics;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.SimAppointment;
import io.recoverysync.testsupport.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on real infrastructure: the four packaged services as separate JVMs, a real Kafka broker, a real
 * PostgreSQL and the IntakeQ simulator. Tests run in order because each run builds on the data of the previous.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackboneIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final String MAPPED_1 = "6512f0a1c2b3d4e5f6a7b801";
    private static final String MAPPED_2 = "6512f0a1c2b3d4e5f6a7b802";
    private static final String UNMAPPED = "6512f0a1c2b3d4e5f6a7b8ff";

    private static LocalStack stack;
    private static StackClient client;
    private static IntakeQSimulator sim;
    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();
    private static final Map<UUID, Integer> EXPECTED_NEW = new HashMap<>();
    private static final List<SimAppointment> ORG_A_APPOINTMENTS = new ArrayList<>();
    private static final List<String> PHI = new ArrayList<>();
    private static int nextClientId = 7000;

    @BeforeAll
    static void startStack() {
        Path root = LocalStackMain.repositoryRoot();
        stack = LocalStack.start(LocalStack.Options.tests(root, root.resolve("local-stack/target/it-stack")));
        client = new StackClient(stack);
        sim = stack.intakeq();
        sim.addPractitioner(MAPPED_1, "Jane Smith", "jane.smith@clinic.example.org");
        sim.addPractitioner(MAPPED_2, "Omar Haddad", "omar.haddad@clinic.example.org");
        sim.addPractitioner(UNMAPPED, "Unmapped Person", "unmapped@clinic.example.org");
        client.mapPractitioner(MAPPED_1, UUID.randomUUID());
        client.mapPractitioner(MAPPED_2, UUID.randomUUID());

        client.organization(ORG_A, "Alpine Recovery");
        client.organization(ORG_B, "Basin Recovery");
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < 12; i++) {
            UUID org = i < 6 ? ORG_A : ORG_B;
            int clientId = seedPatient(org, true);
            int appointments = 1 + i % 3; // 1, 2 or 3 appointments per patient
            for (int k = 0; k < appointments; k++) {
                SimAppointment a = sim.addAppointment(clientId, k % 2 == 0 ? MAPPED_1 : MAPPED_2,
                        base.plus(i + 7L * k - 10, ChronoUnit.DAYS), 50, "Therapy Session", "Telehealth",
                        "https://video.example.invalid/" + clientId + "-" + k);
                if (org.equals(ORG_A)) {
                    ORG_A_APPOINTMENTS.add(a);
                }
            }
            EXPECTED_NEW.merge(org, appointments, Integer::sum);
        }
    }

    private static int seedPatient(UUID org, boolean withEmail) {
        int clientId = nextClientId++;
        String first = "Avery" + clientId;
        String last = "Quill" + clientId;
        String email = "avery.quill." + clientId + "@example.org";
        sim.addClient(clientId, first + " " + last, email, "(555) 010-" + clientId);
        client.patient(UUID.randomUUID(), org, first, last, withEmail ? email : null, clientId);
        PHI.add(first);
        PHI.add(last);
        PHI.add(email);
        return clientId;
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void nightlyRunCompletesPerOrganizationWithExactNewCounts() {
        StackClient.Answer cron = client.cron();
        assertEquals(202, cron.status(), String.valueOf(cron.body()));
        Map<UUID, UUID> runByOrg = runsByOrganization(cron.body());
        assertEquals(2, runByOrg.size());
        for (UUID org : List.of(ORG_A, ORG_B)) {
            JsonNode log = client.awaitFinished(runByOrg.get(org), RUN_TIMEOUT);
            assertEquals("completed", log.get("status").asText(), log.toString());
            assertEquals("automated_daily", log.get("syncType").asText());
            assertEquals(6, log.get("patientsExpected").asInt());
            assertEquals(6, log.get("patientsProcessed").asInt());
            assertEquals(0, log.get("patientsFailed").asInt());
            assertCounts(log, EXPECTED_NEW.get(org), 0, 0, 0);
            assertTrue(log.get("durationMs").asLong() >= 0);
        }
        // the same local business date again: no second run, the same ids come back
        StackClient.Answer again = client.cron();
        assertEquals(runByOrg, runsByOrganization(again.body()));
        again.body().path("runs").forEach(r -> assertFalse(r.get("created").asBoolean()));
    }

    @Test
    @Order(6)
    void bulkRefreshAnswersWithItsQuotaEstimate() {
        StackClient.Answer started = client.startBulk(ORG_B, Duration.ofSeconds(20));
        assertEquals(202, started.status());
        JsonNode quota = started.body().get("quota");
        assertEquals(6, quota.get("requestsNeeded").asInt(), String.valueOf(quota));
        assertTrue(quota.get("fitsInDailyBudget").asBoolean());
        assertTrue(quota.hasNonNull("estimatedFinishAt"));
        client.awaitFinished(UUID.fromString(started.body().get("syncLogId").asText()), RUN_TIMEOUT);
    }

    @Test
    @Order(2)
    void secondRunReportsEverythingUnchanged() {
        for (UUID org : List.of(ORG_A, ORG_B)) {
            JsonNode log = bulkRun(org);
            assertEquals("completed", log.get("status").asText(), log.toString());
            assertEquals("manual_bulk", log.get("syncType").asText());
            assertCounts(log, 0, 0, EXPECTED_NEW.get(org), 0);
        }
    }

    @Test
    @Order(3)
    void rescheduleAndCancelAreExactlyTwoUpdates() {
        SimAppointment rescheduled = ORG_A_APPOINTMENTS.get(0);
        SimAppointment canceled = ORG_A_APPOINTMENTS.get(3);
        sim.reschedule(rescheduled.id(), rescheduled.start().plus(2, ChronoUnit.HOURS));
        sim.cancel(canceled.id(), "Client request");

        JsonNode a = bulkRun(ORG_A);
        assertEquals("completed", a.get("status").asText());
        assertCounts(a, 0, 2, EXPECTED_NEW.get(ORG_A) - 2, 0);
        JsonNode b = bulkRun(ORG_B);
        assertCounts(b, 0, 0, EXPECTED_NEW.get(ORG_B), 0);
    }

    @Test
    @Order(4)
    void patientWithoutEmailAndUnknownPractitionerGivePartialSuccess() {
        UUID org = UUID.randomUUID();
        client.organization(org, "Canyon Recovery");
        Instant soon = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(3, ChronoUnit.DAYS);
        int fine = seedPatient(org, true);
        sim.addAppointment(fine, MAPPED_1, soon, 50, "Therapy Session", "Office", null);
        sim.addAppointment(fine, MAPPED_2, soon.plus(7, ChronoUnit.DAYS), 50, "Therapy Session", "Office", null);
        int unknown = seedPatient(org, true);
        sim.addAppointment(unknown, MAPPED_1, soon, 50, "Therapy Session", "Office", null);
        sim.addAppointment(unknown, UNMAPPED, soon.plus(1, ChronoUnit.DAYS), 50, "Therapy Session", "Office", null);
        int noEmail = seedPatient(org, false);
        sim.addAppointment(noEmail, MAPPED_1, soon, 50, "Therapy Session", "Office", null);

        JsonNode log = bulkRun(org);
        assertEquals("partial_success", log.get("status").asText(), log.toString());
        assertEquals(3, log.get("patientsProcessed").asInt());
        assertEquals(2, log.get("patientsFailed").asInt());
        assertCounts(log, 3, 0, 0, 1);
        List<String> reasons = new ArrayList<>();
        log.get("errors").forEach(e -> reasons.add(e.get("reasonCode").asText()));
        reasons.sort(String::compareTo);
        assertEquals(List.of("PATIENT_NO_EMAIL", "UNKNOWN_PRACTITIONER"), reasons);
    }

    @Test
    @Order(5)
    void kafkaTopicsCarryNoNamesOrEmails() {
        for (String topic : List.of(Topics.SYNC_RUNS, Topics.SYNC_COMMANDS, Topics.SYNC_COMMANDS_BULK, Topics.SYNC_RESULTS)) {
            List<ConsumerRecord<String, String>> records = TopicReader.read(stack.bootstrapServers(), topic,
                    rs -> false, Duration.ofSeconds(3));
            assertFalse(records.isEmpty(), topic + " has messages");
            for (ConsumerRecord<String, String> r : records) {
                for (String phi : PHI) {
                    assertFalse(r.value().contains(phi), topic + " leaks " + phi);
                }
            }
        }
    }

    private static JsonNode bulkRun(UUID org) {
        StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
        assertEquals(202, started.status(), String.valueOf(started.body()));
        return client.awaitFinished(UUID.fromString(started.body().get("syncLogId").asText()), RUN_TIMEOUT);
    }

    private static Map<UUID, UUID> runsByOrganization(JsonNode cronBody) {
        Map<UUID, UUID> runs = new HashMap<>();
        cronBody.path("runs").forEach(r -> runs.put(UUID.fromString(r.get("organizationId").asText()),
                UUID.fromString(r.get("syncLogId").asText())));
        return runs;
    }

    private static void assertCounts(JsonNode log, int created, int updated, int unchanged, int errors) {
        assertEquals(List.of(created, updated, unchanged, errors),
                List.of(log.get("appointmentsNew").asInt(), log.get("appointmentsUpdated").asInt(),
                        log.get("appointmentsUnchanged").asInt(), log.get("appointmentsErrors").asInt()),
                "new/updated/unchanged/errors of " + log);
    }
}
