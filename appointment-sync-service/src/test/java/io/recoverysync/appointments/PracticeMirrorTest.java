package io.recoverysync.appointments;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.RetryAfter;
import io.recoverysync.simulator.intakeq.SimAppointment;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
import io.recoverysync.testsupport.TestTokens;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The practice mirror: a nightly run of several organizations of one IntakeQ account costs one practice-wide read;
 * appointments belong to their patient; an empty read is not trusted; 429 storms hold no Kafka record; webhooks
 * update a patient's appointments within a second, once.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class PracticeMirrorTest {
    private static final String PRACTITIONER = SyncFixture.MAPPED_PRACTITIONER;

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private IntakeQSimulator sim;
    private SyncFixture fixture;

    @BeforeEach
    void setUp() {
        sim = IntakeQSimulatorResource.simulator();
        fixture = new SyncFixture(sim, bootstrap, pool);
    }

    @AfterEach
    void tearDown() {
        sim.calm();
        sim.setWebhookUrl(null);
        sim.duplicateWebhooks(false);
        fixture.close();
    }

    @Test
    void aNightlyRunOfThreeOrganizationsOfOneAccountMakesOnePracticeRead() {
        List<UUID> orgs = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Map<UUID, List<SyncFixture.Patient>> roster = new HashMap<>();
        Map<UUID, Integer> appointmentsOf = new HashMap<>();
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS);
        int n = 0;
        for (UUID org : orgs) {
            List<SyncFixture.Patient> patients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SyncFixture.Patient p = fixture.patient(org);
                int count = 1 + n++ % 3;
                for (int k = 0; k < count; k++) {
                    sim.addAppointment(p.clientId(), PRACTITIONER, base.plus(k + 1L, ChronoUnit.DAYS), 50, "Session",
                            "Telehealth", "https://video.example.invalid/" + p.clientId() + "/" + k);
                }
                appointmentsOf.put(p.id(), count);
                patients.add(p);
            }
            roster.put(org, patients);
        }
        // one patient active in the first two organizations
        SyncFixture.Patient shared = fixture.patient(orgs.get(0));
        SyncFixture.ROSTER.publishAndWait(shared.id(), orgs.get(1), "active", shared.clientId());
        sim.addAppointment(shared.clientId(), PRACTITIONER, base.plus(3, ChronoUnit.DAYS), 50, "Session", "Office", null);
        roster.get(orgs.get(0)).add(shared);
        roster.get(orgs.get(1)).add(shared);
        appointmentsOf.put(shared.id(), 1);

        nightPassed(true);
        Requests before = requests();
        long readsBefore = readSeq();
        Map<UUID, List<SyncResult>> results = nightlyRun(orgs, roster);

        Requests used = requests().minus(before);
        assertEquals(0, used.client(), "no per-patient reads: " + used);
        assertEquals(1, readSeq() - readsBefore, "one reader lease for the whole night of three organizations");
        Row state = mirrorState();
        assertEquals("full", state.getString("last_read_kind"));
        assertEquals(used.practice() + used.byId(), state.getInteger("last_read_requests").longValue(),
                "the simulator counted what the read counted: " + used);
        for (UUID org : orgs) {
            for (SyncResult r : results.get(org)) {
                int expected = appointmentsOf.get(r.patientId());
                assertEquals(ResultStatus.SUCCEEDED, r.status(), String.valueOf(r));
                if (r.patientId().equals(shared.id())) {
                    assertEquals(expected, r.appointmentsNew() + r.appointmentsUnchanged(), String.valueOf(r));
                } else {
                    SyncFixture.assertCounts(r, expected, 0, 0, 0);
                }
            }
        }
        // the shared patient's appointments are shown to both organizations, not the one that synced last
        for (UUID org : orgs.subList(0, 2)) {
            given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                    .get("/api/partner-dashboard/patients/" + shared.id() + "/appointments")
                    .then().statusCode(200).body("$", hasSize(1));
        }
        given().auth().oauth2(TestTokens.DEFAULT.partner(orgs.get(2)))
                .get("/api/partner-dashboard/patients/" + shared.id() + "/appointments")
                .then().statusCode(404);

        // the next night, nothing changed: an incremental read of a page or two, every appointment unchanged
        nightPassed(false);
        before = requests();
        Map<UUID, List<SyncResult>> second = nightlyRun(orgs, roster);
        used = requests().minus(before);
        assertEquals(0, used.client(), String.valueOf(used));
        assertEquals("incremental", mirrorState().getString("last_read_kind"));
        assertTrue(used.practice() <= 6, "an incremental read and the deleted listing: " + used);
        second.values().forEach(list -> list.forEach(r -> SyncFixture.assertCounts(r, 0, 0, appointmentsOf.get(r.patientId()), 0)));
    }

    @Test
    void appointmentsNeverGoToAnotherPatientWithTheSameEmailOrClient() {
        UUID org = UUID.randomUUID();
        SyncFixture.Patient x = fixture.patient(org);
        // another IntakeQ client with the same email, on the roster with its own client id
        int yClient = x.clientId() + 100_000;
        sim.addClient(yClient, "Client Y", x.email(), "(555) 010-0001");
        SyncFixture.Patient y = fixture.enrol(UUID.randomUUID(), org, yClient, x.email(), yClient, true);
        sim.addAppointment(x.clientId(), PRACTITIONER, Instant.now().plus(1, ChronoUnit.DAYS), 50, "X", "Office", null);
        sim.addAppointment(yClient, PRACTITIONER, Instant.now().plus(2, ChronoUnit.DAYS), 50, "Y", "Office", null);
        sim.addAppointment(yClient, PRACTITIONER, Instant.now().plus(3, ChronoUnit.DAYS), 50, "Y", "Office", null);
        SyncFixture.assertCounts(fixture.syncAndAwait(org, x.id()), 1, 0, 0, 0);
        SyncFixture.assertCounts(fixture.syncAndAwait(org, y.id()), 2, 0, 0, 0);
        SyncFixture.assertCounts(fixture.syncAndAwait(org, x.id()), 0, 0, 1, 0);

        // a patient without a client id whose email is another roster patient's: ambiguous, nothing assigned
        SyncFixture.Patient z = fixture.enrol(UUID.randomUUID(), org, null, x.email(), x.clientId(), true);
        SyncResult ambiguous = fixture.syncAndAwait(org, z.id());
        assertEquals(ReasonCode.AMBIGUOUS_CLIENT, ambiguous.reasonCode(), String.valueOf(ambiguous));
        // two roster patients with one client id: neither gets the appointments
        SyncFixture.Patient twin = fixture.enrol(UUID.randomUUID(), org, y.clientId(), null, y.clientId(), false);
        assertEquals(ReasonCode.AMBIGUOUS_CLIENT, fixture.syncAndAwait(org, twin.id()).reasonCode());
        assertEquals(ReasonCode.AMBIGUOUS_CLIENT, fixture.syncAndAwait(org, y.id()).reasonCode());
        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .get("/api/partner-dashboard/patients/" + x.id() + "/appointments")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].serviceName", equalTo("X"));
    }

    @Test
    void aSuddenlyEmptyReadRemovesNothingUnconfirmed() {
        UUID org = UUID.randomUUID();
        SyncFixture.Patient p = fixture.patient(org);
        SimAppointment first = sim.addAppointment(p.clientId(), PRACTITIONER, Instant.now().plus(1, ChronoUnit.DAYS), 50, "S", "Office", null);
        sim.addAppointment(p.clientId(), PRACTITIONER, Instant.now().plus(2, ChronoUnit.DAYS), 50, "S", "Office", null);
        nightPassed(true);
        SyncFixture.assertCounts(nightly(org, p.id()), 2, 0, 0, 0);

        nightPassed(true);
        long byIdBefore = sim.byIdRequests();
        sim.emptyNext(1); // the practice listing answers [] once
        SyncFixture.assertCounts(nightly(org, p.id()), 0, 0, 2, 0);
        assertTrue(sim.byIdRequests() - byIdBefore >= 2, "the patient's upcoming appointments were confirmed by id");

        sim.delete(first.id());
        nightPassed(true);
        SyncFixture.assertCounts(nightly(org, p.id()), 0, 1, 1, 0);
    }

    @Test
    void discoveryListsThePracticesClientsOnNoRosterUntilTheyJoinOne() {
        UUID org = UUID.randomUUID();
        SyncFixture.Patient p = fixture.patient(org);
        sim.addAppointment(p.clientId(), PRACTITIONER, Instant.now().plus(1, ChronoUnit.DAYS), 50, "S", "Office", null);
        int newcomer = 7_700_000 + (int) (System.nanoTime() % 100_000);
        sim.addClient(newcomer, "Nora Q. Newcomer", "nora.newcomer@example.org", "(555) 010-7700");
        sim.addAppointment(newcomer, PRACTITIONER, Instant.now().plus(3, ChronoUnit.DAYS), 50, "Intake", "Office", null);
        sim.addAppointment(newcomer, PRACTITIONER, Instant.now().plus(10, ChronoUnit.DAYS), 50, "Therapy", "Office", null);
        nightPassed(true);
        long before = sim.acceptedRequests();
        SyncFixture.assertCounts(nightly(org, p.id()), 1, 0, 0, 0);
        long readRequests = sim.acceptedRequests() - before;

        String ops = TestTokens.DEFAULT.ops();
        long listingBefore = sim.acceptedRequests();
        JsonPath page = given().auth().oauth2(ops).get("/internal/discovery/clients?limit=500")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(listingBefore, sim.acceptedRequests(), "discovery reads the mirror, not IntakeQ");
        String found = "clients.find { it.intakeqClientId == " + newcomer + " }";
        assertEquals(2, page.getInt(found + ".appointments"), page.prettify());
        assertEquals("Nora Q.", page.getString(found + ".patient.firstName"));
        assertEquals("Newcomer", page.getString(found + ".patient.lastName"));
        assertEquals("nora.newcomer@example.org", page.getString(found + ".patient.email"));
        assertNotNull(page.getString(found + ".nextAppointmentAt"));
        assertNotNull(page.getString("lastFullReadAt"));
        assertTrue(page.getList("clients.intakeqClientId").stream().noneMatch(id -> id.equals(p.clientId())),
                "a roster client is not listed");
        assertTrue(readRequests >= 1, "the practice read ran");

        // once the client is on a roster it is no longer listed, and a full read forgets what was kept of it
        SyncFixture.ROSTER.publishAndWait(UUID.randomUUID(), org, "active", newcomer, true);
        given().auth().oauth2(ops).get("/internal/discovery/clients?limit=500")
                .then().statusCode(200).body("clients.intakeqClientId", not(hasItem(newcomer)));
        nightPassed(true);
        nightly(org, p.id());
        assertEquals(0, count("SELECT count(*) FROM appointments.discovered_clients WHERE intakeq_client_id = $1", newcomer));
        assertEquals(0, count("SELECT count(*) FROM appointments.discovered_appointments WHERE intakeq_client_id = $1",
                newcomer));

        given().auth().oauth2(TestTokens.DEFAULT.partner(org)).get("/internal/discovery/clients")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(ops).get("/internal/discovery/clients?limit=0")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
    }

    @Test
    void a429StormWithoutRetryAfterHoldsNoKafkaRecordAndEveryPatientIsAnsweredOnce() {
        UUID org = UUID.randomUUID();
        List<SyncFixture.Patient> patients = List.of(fixture.patient(org), fixture.patient(org), fixture.patient(org));
        patients.forEach(p -> sim.addAppointment(p.clientId(), PRACTITIONER, Instant.now().plus(1, ChronoUnit.DAYS), 50,
                "S", "Office", null));
        nightPassed(true);
        sim.rateLimitFor(Duration.ofSeconds(8), RetryAfter.NONE);
        AtomicBoolean liveDown = new AtomicBoolean();
        UUID nightlyRun = UUID.randomUUID();
        UUID bulkRun = UUID.randomUUID();
        for (SyncFixture.Patient p : patients) {
            fixture.send(new SyncCommand(io.recoverysync.contracts.MessageIds.command(nightlyRun, p.id()), SyncCommand.VERSION,
                    nightlyRun, SyncType.AUTOMATED_DAILY, org, p.id(), Instant.now()));
            fixture.send(new SyncCommand(io.recoverysync.contracts.MessageIds.command(bulkRun, p.id()), SyncCommand.VERSION,
                    bulkRun, SyncType.MANUAL_BULK, org, p.id(), Instant.now()));
        }
        // taken off Kafka at once: the commands wait in the database, not in a handler
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM appointments.pending_commands"
                + " WHERE run_id = ANY($1)", (Object) new UUID[] {nightlyRun, bulkRun}) == 6);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (given().get("/q/health/live").statusCode() != 200) {
                liveDown.set(true);
            }
            return count("SELECT count(*) FROM appointments.pending_commands WHERE run_id = ANY($1)",
                    (Object) new UUID[] {nightlyRun, bulkRun}) == 0;
        });
        assertTrue(sim.rateLimitedRequests() > 0, "the storm answered 429s");
        assertTrue(!liveDown.get(), "liveness stayed UP during the storm");
        for (UUID run : List.of(nightlyRun, bulkRun)) {
            List<SyncResult> results = fixture.awaitResults(run, 3);
            assertEquals(3, results.size());
            assertEquals(3, results.stream().map(SyncResult::patientId).distinct().count(), "each patient once");
            results.forEach(r -> assertEquals(ResultStatus.SUCCEEDED, r.status(), String.valueOf(r)));
        }
    }

    /**
     * IntakeQ answers 503 to a bulk run's practice read: until the read is tried again (retry-after-failure), the
     * run's clients new to the mirror are not read one by one (that cost minutes of the base plan's quota after an
     * outage); the next practice read answers every patient.
     */
    @Test
    void clientsNewToTheMirrorWaitForTheNextPracticeReadAfterAFailedOne() {
        UUID org = UUID.randomUUID();
        List<SyncFixture.Patient> patients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SyncFixture.Patient p = fixture.patient(org);
            sim.addAppointment(p.clientId(), PRACTITIONER, Instant.now().plus(2 + i, ChronoUnit.DAYS), 50, "S", "Office", null);
            patients.add(p);
        }
        double targetedBefore = targetedReads();
        Requests before = requests();
        sim.unavailableFor(Duration.ofSeconds(4), 503);
        UUID run = UUID.randomUUID();
        for (SyncFixture.Patient p : patients) {
            fixture.send(new SyncCommand(io.recoverysync.contracts.MessageIds.command(run, p.id()), SyncCommand.VERSION,
                    run, SyncType.MANUAL_BULK, org, p.id(), Instant.now()));
        }
        List<SyncResult> results = fixture.awaitResults(run, 10);
        assertEquals(10, results.stream().map(SyncResult::patientId).distinct().count(), "each patient once");
        results.forEach(r -> assertEquals(ResultStatus.SUCCEEDED, r.status(), String.valueOf(r)));
        assertEquals(0, targetedReads() - targetedBefore, "no client read one by one while the practice read backs off");
        assertEquals(0, requests().minus(before).client(), "no per-client request");
    }

    private static double targetedReads() {
        return PrometheusText.sumOrZero(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                "intakeq_mirror_reads_total", "kind=targeted");
    }

    @Test
    void aWebhookUpdatesTheAppointmentWithinASecondAndARepeatChangesNothing() {
        UUID org = UUID.randomUUID();
        SyncFixture.Patient p = fixture.patient(org);
        SimAppointment a = sim.addAppointment(p.clientId(), PRACTITIONER, Instant.now().plus(5, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.MINUTES), 50, "S", "Office", null);
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 1, 0, 0, 0);
        sim.setWebhookUrl("http://localhost:" + io.restassured.RestAssured.port + "/api/intakeq/webhook/test-webhook-secret");
        sim.duplicateWebhooks(true);
        long byIdBefore = sim.byIdRequests();
        Instant moved = a.start().plus(2, ChronoUnit.HOURS);

        long changed = System.nanoTime();
        sim.reschedule(a.id(), moved);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() ->
                moved.equals(storedStart(a.id())));
        long tookMs = Duration.ofNanos(System.nanoTime() - changed).toMillis();
        assertTrue(tookMs < 1000, "stored " + tookMs + " ms after the change");
        assertTrue(sim.awaitWebhooksIdle(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(5)).until(() -> count(
                "SELECT count(*) FROM appointments.webhook_events WHERE intakeq_appointment_id = $1 AND processed_at IS NULL",
                a.id()) == 0);
        assertEquals(1, count("SELECT count(*) FROM appointments.webhook_events WHERE intakeq_appointment_id = $1", a.id()),
                "the repeated delivery was recorded once");
        assertEquals(1, sim.byIdRequests() - byIdBefore, "fetched by id once, not taken from the body");
        assertEquals("webhook", one("SELECT last_source FROM appointments.patient_sync_state WHERE patient_id = $1", p.id()));
        // the next refresh finds it unchanged: the webhook already brought it in step
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 0, 0, 1, 0);
    }

    @Test
    void aBurstOfWebhooksIsServedByOneIncrementalReadInsteadOfAReadByIdEach() {
        UUID org = UUID.randomUUID();
        List<SyncFixture.Patient> patients = new ArrayList<>();
        List<SimAppointment> appointments = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SyncFixture.Patient p = fixture.patient(org);
            appointments.add(sim.addAppointment(p.clientId(), PRACTITIONER, Instant.now().plus(1, ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.HOURS).plus(i, ChronoUnit.HOURS), 50, "S", "Office", null));
            patients.add(p);
        }
        // a bulk run: a practice read the burst's incremental read can follow on from
        UUID run = UUID.randomUUID();
        for (SyncFixture.Patient p : patients) {
            fixture.send(new SyncCommand(io.recoverysync.contracts.MessageIds.command(run, p.id()), SyncCommand.VERSION,
                    run, SyncType.MANUAL_BULK, org, p.id(), Instant.now()));
        }
        assertEquals(10, fixture.awaitResults(run, 10).size());
        sim.setWebhookUrl("http://localhost:" + io.restassured.RestAssured.port + "/api/intakeq/webhook/test-webhook-secret");
        sim.setLatency(Duration.ofMillis(200)); // the first read by id lasts while the rest of the burst arrives
        try {
            long byIdBefore = sim.byIdRequests();
            long practiceBefore = sim.practiceListRequests();
            List<Instant> moved = new ArrayList<>();
            for (SimAppointment a : appointments) {
                Instant to = a.start().plus(30, ChronoUnit.MINUTES);
                sim.reschedule(a.id(), to);
                moved.add(to);
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (int i = 0; i < appointments.size(); i++) {
                    if (!moved.get(i).equals(storedStart(appointments.get(i).id()))) {
                        return false;
                    }
                }
                return true;
            });
            long byId = sim.byIdRequests() - byIdBefore;
            assertTrue(byId <= 3, "at most burst-threshold appointments read by id, the rest by one practice read: " + byId);
            assertTrue(sim.practiceListRequests() - practiceBefore >= 1, "an incremental practice read served the burst");
            // each rescheduled appointment is in the change history, brought by the webhook
            for (SimAppointment a : appointments) {
                assertEquals(1, count("SELECT count(*) FROM appointments.appointment_changes"
                        + " WHERE intakeq_appointment_id = $1 AND field = 'start' AND source = 'webhook'", a.id()));
            }
        } finally {
            sim.setLatency(Duration.ZERO);
        }
    }

    @Test
    void theWebhookGateAndBadDeliveries() {
        String path = "/api/intakeq/webhook/";
        String body = "{\"EventType\": \"AppointmentSomethingNew\", \"Appointment\": {\"Id\": \"gate-" + UUID.randomUUID()
                + "\", \"Unexpected\": [1]}, \"Extra\": true}";
        given().body(body).post(path + "not-the-secret").then().statusCode(404).contentType("application/problem+json");
        given().header("X-Auth-Key", "not-the-key").body(body).post(path + "test-webhook-secret")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("X-Auth-Key", sim.apiKey()).contentType("application/json").body(body).post(path + "test-webhook-secret")
                .then().statusCode(202).body("outcome", equalTo("recorded"));
        given().contentType("application/json").body(body).post(path + "test-webhook-secret")
                .then().statusCode(202).body("outcome", equalTo("duplicate"));
        given().contentType("application/json").body("{\"EventType\": \"IntakeSubmitted\", \"IntakeId\": \"x\"}")
                .post(path + "test-webhook-secret").then().statusCode(202).body("outcome", equalTo("ignored"));
        given().contentType("application/json").body("{not json").post(path + "test-webhook-secret")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("[1, 2]").post(path + "test-webhook-secret")
                .then().statusCode(400).contentType("application/problem+json");
    }

    // ---- helpers ----

    private record Requests(long practice, long client, long byId) {
        Requests minus(Requests other) {
            return new Requests(practice - other.practice, client - other.client, byId - other.byId);
        }
    }

    private Requests requests() {
        return new Requests(sim.practiceListRequests(), sim.clientListRequests(), sim.byIdRequests());
    }

    private Map<UUID, List<SyncResult>> nightlyRun(List<UUID> orgs, Map<UUID, List<SyncFixture.Patient>> roster) {
        Map<UUID, UUID> runs = new HashMap<>();
        for (UUID org : orgs) {
            UUID run = UUID.randomUUID();
            runs.put(org, run);
            for (SyncFixture.Patient p : roster.get(org)) {
                fixture.send(new SyncCommand(io.recoverysync.contracts.MessageIds.command(run, p.id()), SyncCommand.VERSION,
                        run, SyncType.AUTOMATED_DAILY, org, p.id(), Instant.now()));
            }
        }
        Map<UUID, List<SyncResult>> results = new HashMap<>();
        for (UUID org : orgs) {
            results.put(org, fixture.awaitResults(runs.get(org), roster.get(org).size(), Duration.ofSeconds(60)));
            assertEquals(roster.get(org).size(), results.get(org).size(), "every patient of " + org + " answered");
        }
        return results;
    }

    private SyncResult nightly(UUID org, UUID patientId) {
        SyncCommand command = fixture.command(SyncType.AUTOMATED_DAILY, org, patientId);
        fixture.send(command);
        return fixture.awaitResults(command.runId(), 1).get(0);
    }

    /** As if the next night had come: the mirror's reads (and, with {@code fullDue}, its full read) are a day older. */
    private void nightPassed(boolean fullDue) {
        sql("UPDATE appointments.mirror_state SET last_read_started_at = last_read_started_at - interval '1 day',"
                + " last_full_started_at = last_full_started_at - " + (fullDue ? "interval '8 days'" : "interval '1 day'"));
        sql("UPDATE appointments.mirror_clients SET covered_at = covered_at - interval '1 day'");
    }

    private long readSeq() {
        return mirrorState().getLong("read_seq");
    }

    private Row mirrorState() {
        return pool.preparedQuery("SELECT * FROM appointments.mirror_state WHERE account = 'default'").execute()
                .await().indefinitely().iterator().next();
    }

    private Instant storedStart(String intakeqId) {
        var rows = pool.preparedQuery("SELECT start_at FROM appointments.appointments WHERE intakeq_appointment_id = $1")
                .execute(Tuple.of(intakeqId)).await().indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0).toInstant();
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    private Object one(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getValue(0);
    }

    private void sql(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely();
    }
}
