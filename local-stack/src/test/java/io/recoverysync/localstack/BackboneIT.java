package io.recoverysync.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.Topics;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.SimAppointment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        // a patient registered without an email has no IntakeQ client id either: nothing can match it in IntakeQ
        client.patient(UUID.randomUUID(), org, first, last, withEmail ? email : null, withEmail ? clientId : null);
        PHI.add(first);
        PHI.add(last);
        PHI.add(email);
        PHI.add("(555) 010-" + clientId);
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
        // the practice mirror: a refresh of every patient costs one incremental read (its listing and the deleted one)
        assertTrue(quota.get("requestsNeeded").asInt() <= 3, String.valueOf(quota));
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
        // the unmapped practitioner's appointment is stored without a provider and counted as an error too
        assertCounts(log, 4, 0, 0, 1);
        List<String> reasons = new ArrayList<>();
        log.get("errors").forEach(e -> reasons.add(e.get("reasonCode").asText()));
        reasons.sort(String::compareTo);
        assertEquals(List.of("PATIENT_NO_EMAIL", "UNKNOWN_PRACTITIONER"), reasons);
    }

    @Test
    @Order(5)
    void signedNotesReachEhrbaseAsCompositions() {
        String provider = "Imogen Thistlewood";
        PHI.add(provider);
        UUID patient = stackPatientOf(ORG_A);
        // the roster reaches ehr-sync as data: a patient of organization B is refused under organization A
        String crossTenant = """
                {"noteId": "%s", "revision": 1, "patientId": "%s", "organizationId": "%s",
                 "provider": {"id": "%s", "name": "%s"}, "signedAt": "%s",
                 "subjective": "s", "objective": "o", "assessment": "a", "plan": "p"}"""
                .formatted(UUID.randomUUID(), stackPatientOf(ORG_B), ORG_A, UUID.randomUUID(), provider,
                        Instant.now().minusSeconds(60));
        StackClient.Answer refused = client.send(LocalStack.EHR, "POST", "/api/ehr/soap-notes", client.clinician(ORG_A),
                crossTenant);
        assertEquals(422, refused.status(), String.valueOf(refused.body()));
        assertEquals("patientId", refused.body().path("errors").path(0).path("field").asText());
        for (int i = 0; i < 3; i++) {
            UUID note = UUID.randomUUID();
            String sentence = "Patient described the lighthouse dream number " + i + " in detail";
            PHI.add(sentence);
            String body = """
                    {"noteId": "%s", "revision": 1, "patientId": "%s", "organizationId": "%s",
                     "provider": {"id": "%s", "name": "%s"}, "signedAt": "%s",
                     "subjective": "%s", "objective": "Calm, oriented.", "assessment": "Stable.", "plan": "Weekly."}"""
                    .formatted(note, patient, ORG_A, UUID.randomUUID(), provider,
                            Instant.now().minusSeconds(60), sentence);
            StackClient.Answer accepted = client.send(LocalStack.EHR, "POST", "/api/ehr/soap-notes",
                    client.clinician(ORG_A), body);
            assertEquals(202, accepted.status(), String.valueOf(accepted.body()));
            Instant deadline = Instant.now().plus(RUN_TIMEOUT);
            String status = "";
            while (!"completed".equals(status) && Instant.now().isBefore(deadline)) {
                ServiceProcess.sleep(200);
                status = client.send(LocalStack.EHR, "GET", "/api/ehr/soap-notes/" + note, client.clinician(ORG_A), null)
                        .body().path("status").asText();
            }
            assertEquals("completed", status, "note " + note + " reached EHRbase");
            // another organization's clinician does not learn the note exists
            assertEquals(404, client.send(LocalStack.EHR, "GET", "/api/ehr/soap-notes/" + note,
                    client.clinician(ORG_B), null).status());
        }
    }

    @Test
    @Order(7)
    void partnersSeeOnlyTheirOwnOrganization() {
        UUID runOfA = UUID.fromString(bulkRunStarted(ORG_A));
        client.awaitFinished(runOfA, RUN_TIMEOUT);
        assertEquals(200, client.send(LocalStack.SYNC_LOG, "GET", "/api/sync-logs/" + runOfA, client.partner(ORG_A), null).status());
        assertEquals(404, client.send(LocalStack.SYNC_LOG, "GET", "/api/sync-logs/" + runOfA, client.partner(ORG_B), null).status());
        JsonNode listOfB = client.send(LocalStack.SYNC_LOG, "GET", "/api/sync-logs?limit=500", client.partner(ORG_B), null).body();
        listOfB.forEach(run -> assertEquals(ORG_B.toString(), run.get("organizationId").asText(), run.toString()));
        // appointments: the scheduler's roster decides which organization a patient belongs to
        UUID patientOfA = stackPatientOf(ORG_A);
        String path = "/api/partner-dashboard/patients/" + patientOfA + "/appointments";
        StackClient.Answer own = client.send(LocalStack.APPOINTMENTS, "GET", path, client.partner(ORG_A), null);
        assertEquals(200, own.status(), String.valueOf(own.body()));
        assertTrue(own.body().size() > 0, "the patient's appointments are listed");
        assertEquals(404, client.send(LocalStack.APPOINTMENTS, "GET", path, client.partner(ORG_B), null).status());
        assertEquals(404, client.send(LocalStack.SCHEDULER, "POST", "/api/partner-dashboard/patients/" + patientOfA + "/sync",
                client.partner(ORG_B), null).status());
        assertEquals(401, client.send(LocalStack.SYNC_LOG, "GET", "/api/sync-logs", null, null).status());
    }

    @Test
    @Order(7)
    void theCaseManagersListAndCalendarFeedShowTheOrganizationsAppointments() throws Exception {
        String partner = client.partner(ORG_A);
        StackClient.Answer list = client.send(LocalStack.SCHEDULER, "GET", "/api/partner-dashboard/patients?limit=500",
                partner, null);
        assertEquals(200, list.status(), String.valueOf(list.body()));
        assertEquals("Alpine Recovery", list.body().path("organization").path("name").asText());
        assertTrue(list.body().get("syncStateAvailable").asBoolean(), list.body().toString());
        int synced = 0;
        int withNext = 0;
        for (JsonNode p : list.body().get("patients")) {
            assertTrue(p.get("firstName").asText().startsWith("Avery"), p.toString());
            synced += p.hasNonNull("lastSyncedAt") ? 1 : 0;
            if (p.hasNonNull("nextAppointment")) {
                withNext++;
                assertTrue(p.path("nextAppointment").path("telehealthUrl").asText().startsWith("https://video.example.invalid/"));
                assertTrue(p.path("nextAppointment").hasNonNull("startsAtLocal"), p.toString());
            }
        }
        assertTrue(synced >= 6 && withNext >= 3, "synced " + synced + ", with a next appointment " + withNext);

        // the calendar feed: every appointment of the organization's patients in its window, by initials only
        StackClient.Answer created = client.send(LocalStack.SCHEDULER, "POST", "/api/calendar/feeds", partner,
                "{\"label\": \"BackboneIT\"}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        java.net.http.HttpResponse<String> feed = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(created.body().get("url").asText())).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, feed.statusCode(), feed.body());
        net.fortuna.ical4j.model.Calendar calendar = new net.fortuna.ical4j.data.CalendarBuilder()
                .build(new java.io.StringReader(feed.body()));
        Map<String, net.fortuna.ical4j.model.component.VEvent> events = new HashMap<>();
        for (Object c : calendar.getComponents(net.fortuna.ical4j.model.Component.VEVENT)) {
            net.fortuna.ical4j.model.component.VEvent e = (net.fortuna.ical4j.model.component.VEvent) c;
            events.put(e.getUid().get().getValue(), e);
            assertTrue(e.getSummary().getValue().matches("A\\. Q\\. · Therapy Session"), e.getSummary().getValue());
        }
        Instant now = Instant.now();
        for (SimAppointment a : ORG_A_APPOINTMENTS) {
            SimAppointment current = sim.appointment(a.id());
            if (current == null || current.deleted() || current.start().isBefore(now.minus(6, ChronoUnit.DAYS))
                    || current.start().isAfter(now.plus(59, ChronoUnit.DAYS))) {
                continue;
            }
            var event = events.get(a.id() + "@intakeq.recoverysync");
            assertTrue(event != null, "appointment " + a.id() + " is in the feed: " + events.keySet());
            assertEquals(current.start(), Instant.from(event.getDateTimeStart().getDate()));
            assertEquals(current.status().startsWith("Cancel") ? "CANCELLED" : "CONFIRMED",
                    event.getStatus().getValue());
        }
        for (String phi : PHI) {
            assertFalse(feed.body().contains(phi), "the feed shows initials only, not " + phi);
        }
    }

    @Test
    @Order(8)
    void noTopicOrServiceLogCarriesPhiOrSecrets() throws Exception {
        List<String> secrets = List.of(stack.options().cronSecret(), stack.options().internalToken(),
                sim.apiKey(), stack.ehrbase().password(), client.partner(ORG_A).substring("Bearer ".length()));
        Map<String, List<String>> topics = PhiScan.readEveryTopic(stack.bootstrapServers());
        for (String topic : List.of(Topics.SYNC_RUNS, Topics.SYNC_COMMANDS, Topics.SYNC_COMMANDS_BULK,
                Topics.SYNC_RESULTS, Topics.SYNC_RUNS_ENDED, Topics.EHR_NOTES)) {
            assertFalse(topics.getOrDefault(topic, List.of()).isEmpty(), topic + " has messages to scan");
        }
        List<String> leaks = new ArrayList<>();
        topics.forEach((topic, values) -> values.forEach(value -> leaks.addAll(PhiScan.find(value, PHI, secrets, "topic " + topic))));
        for (ServiceProcess service : stack.services()) {
            String log = java.nio.file.Files.readString(service.log());
            assertTrue(log.length() > 0, service.name() + " logged something");
            leaks.addAll(PhiScan.find(log, PHI, secrets, "log of " + service.name()));
        }
        assertTrue(leaks.isEmpty(), "PHI or secrets found:\n" + String.join("\n", leaks));
    }

    private static String bulkRunStarted(UUID org) {
        StackClient.Answer started = client.startBulk(org, Duration.ofSeconds(20));
        assertEquals(202, started.status(), String.valueOf(started.body()));
        return started.body().get("syncLogId").asText();
    }

    private static UUID stackPatientOf(UUID org) {
        try (java.sql.Connection c = stack.database();
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT patient_id FROM scheduler.patient_organization_affiliations a WHERE organization_id = ?"
                             + " AND status = 'active' AND NOT EXISTS (SELECT 1 FROM scheduler.patient_organization_affiliations o"
                             + " WHERE o.patient_id = a.patient_id AND o.organization_id <> ?) ORDER BY patient_id LIMIT 1")) {
            ps.setObject(1, org);
            ps.setObject(2, org);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the organization has patients");
                return rs.getObject(1, UUID.class);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
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
