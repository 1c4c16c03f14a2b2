package io.recoverysync.appointments;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.AppointmentsChanged;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.SimAppointment;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TestTokens;
import io.recoverysync.testsupport.TopicReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The appointment change history: what a case manager sees, changed by a run or a webhook, recorded field by field
 * with what brought it, announced on {@code appointments.changed} (ids and field names only) and served with the
 * organization's appointments of a range; a run that changes nothing and a redelivered command record nothing.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class ChangeHistoryTest {
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
        sim.setWebhookUrl(null);
        fixture.close();
    }

    @Test
    void aRunRecordsEachChangedFieldOnceAndNothingWhenNothingChanged() {
        UUID org = UUID.randomUUID();
        SyncFixture.Patient p = fixture.patient(org);
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(2, ChronoUnit.DAYS);
        SimAppointment moved = sim.addAppointment(p.clientId(), PRACTITIONER, base, 50, "Therapy", "Telehealth",
                "https://video.example.invalid/moved");
        SimAppointment canceled = sim.addAppointment(p.clientId(), PRACTITIONER, base.plus(1, ChronoUnit.DAYS), 50,
                "Therapy", "Office", null);
        SimAppointment missed = sim.addAppointment(p.clientId(), PRACTITIONER, base.plus(2, ChronoUnit.DAYS), 50,
                "Therapy", "Office", null);

        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 3, 0, 0, 0);
        assertEquals(0, changes(p.id()).size(), "the first sync is the starting point, not a change");

        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 0, 0, 3, 0);
        assertEquals(0, changes(p.id()).size(), "a run that changes nothing records nothing");

        Instant later = base.plus(90, ChronoUnit.MINUTES);
        sim.reschedule(moved.id(), later);
        sim.cancel(canceled.id(), "Client request");
        sim.setStatus(missed.id(), "Missed");
        SimAppointment booked = sim.addAppointment(p.clientId(), PRACTITIONER, base.plus(5, ChronoUnit.DAYS), 50,
                "Therapy", "Office", null);
        // a refresh from the dashboard (a nightly command would be answered by the night's practice read)
        SyncCommand refresh = fixture.command(SyncType.MANUAL_PATIENT, org, p.id());
        fixture.send(refresh);
        SyncFixture.assertCounts(fixture.awaitResults(refresh.runId(), 1).get(0), 1, 3, 0, 0);

        List<Row> recorded = changes(p.id());
        assertEquals(List.of(
                        moved.id() + " start " + moved.start() + " -> " + later,
                        canceled.id() + " status Confirmed -> Canceled",
                        missed.id() + " status Confirmed -> Missed",
                        booked.id() + " added null -> " + booked.start()),
                sorted(recorded, List.of(moved.id(), canceled.id(), missed.id(), booked.id())));
        recorded.forEach(r -> {
            assertEquals("refresh", r.getString("source"));
            assertEquals(refresh.runId(), r.getUUID("run_id"));
        });

        // the same command again (a redelivery) is answered from the ledger and records nothing twice
        fixture.send(refresh);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.awaitResults(refresh.runId(), 2).size() >= 2);
        assertEquals(4, changes(p.id()).size());

        // announced once, with ids and field names only
        List<AppointmentsChanged> announced = announcements(p.id(), 1);
        assertEquals(1, announced.size(), announced.toString());
        AppointmentsChanged message = announced.get(0);
        assertEquals(List.of(org), message.organizationIds());
        assertEquals("refresh", message.source());
        assertEquals(4, message.appointments().size());
        assertTrue(message.appointments().stream().anyMatch(c -> c.intakeqAppointmentId().equals(moved.id())
                && c.fields().equals(List.of("start"))), message.toString());
    }

    @Test
    void aWebhookChangeIsRecordedAndServedWithTheOrganizationsAppointments() {
        UUID org = UUID.randomUUID();
        SyncFixture.Patient p = fixture.patient(org);
        UUID otherOrg = UUID.randomUUID();
        SyncFixture.Patient other = fixture.patient(otherOrg);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.DAYS);
        SimAppointment a = sim.addAppointment(p.clientId(), PRACTITIONER, start, 50, "Therapy", "Telehealth",
                "https://video.example.invalid/a");
        sim.addAppointment(other.clientId(), PRACTITIONER, start, 50, "Therapy", "Office", null);
        SyncFixture.assertCounts(fixture.syncAndAwait(org, p.id()), 1, 0, 0, 0);
        SyncFixture.assertCounts(fixture.syncAndAwait(otherOrg, other.id()), 1, 0, 0, 0);
        sim.setWebhookUrl("http://localhost:" + io.restassured.RestAssured.port + "/api/intakeq/webhook/test-webhook-secret");

        // moved out of the next week: still listed, because it was in the range before the change
        Instant moved = start.plus(20, ChronoUnit.DAYS);
        sim.reschedule(a.id(), moved);
        await().atMost(Duration.ofSeconds(5)).until(() -> changes(p.id()).size() == 1);
        Row change = changes(p.id()).get(0);
        assertEquals("webhook", change.getString("source"));
        assertEquals(null, change.getUUID("run_id"));
        assertEquals(1, announcements(p.id(), 1).size());

        String from = Instant.now().minus(1, ChronoUnit.HOURS).toString();
        String to = Instant.now().plus(7, ChronoUnit.DAYS).toString();
        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .queryParam("from", from).queryParam("to", to)
                .get("/api/organizations/" + org + "/appointments")
                .then().statusCode(200)
                .body("organizationId", equalTo(org.toString()))
                .body("appointments", hasSize(1)) // not the other organization's patient's
                .body("appointments[0].intakeqAppointmentId", equalTo(a.id()))
                .body("appointments[0].patientId", equalTo(p.id().toString()))
                .body("appointments[0].startAt", equalTo(moved.toString()))
                .body("appointments[0].changes", hasSize(1))
                .body("appointments[0].changes[0].field", equalTo("start"))
                .body("appointments[0].changes[0].before", equalTo(start.toString()))
                .body("appointments[0].changes[0].after", equalTo(moved.toString()))
                .body("appointments[0].changes[0].source", equalTo("webhook"));
        // changes older than changesSince are not listed; the appointment's place in the range is its own again
        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .queryParam("from", from).queryParam("to", Instant.now().plus(30, ChronoUnit.DAYS).toString())
                .queryParam("changesSince", Instant.now().plusSeconds(1).toString())
                .get("/api/organizations/" + org + "/appointments")
                .then().statusCode(200)
                .body("appointments", hasSize(1))
                .body("appointments[0].changes", hasSize(0));
        // one patient of the organization
        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .queryParam("from", from).queryParam("to", to).queryParam("patientId", p.id().toString())
                .get("/api/organizations/" + org + "/appointments")
                .then().statusCode(200).body("appointments", hasSize(1));
        given().auth().oauth2(TestTokens.DEFAULT.partner(otherOrg))
                .queryParam("from", from).queryParam("to", to).queryParam("patientId", p.id().toString())
                .get("/api/organizations/" + otherOrg + "/appointments")
                .then().statusCode(200).body("appointments", hasSize(0));
        // another organization's case manager: not found; ops see ids
        given().auth().oauth2(TestTokens.DEFAULT.partner(UUID.randomUUID()))
                .get("/api/organizations/" + org + "/appointments")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.DEFAULT.ops())
                .queryParam("from", from).queryParam("to", to)
                .get("/api/organizations/" + org + "/appointments")
                .then().statusCode(200)
                .body("appointments.intakeqAppointmentId", hasItem(a.id()));
    }

    @Test
    void aPatientWhoseNewestReadFailedIsListedAsUnreadUntilARead() {
        UUID org = UUID.randomUUID();
        SyncFixture.Patient failing = fixture.patient(org, false, false);
        SyncFixture.Patient fine = fixture.patient(org);
        fixture.syncAndAwait(org, failing.id());
        fixture.syncAndAwait(org, fine.id());
        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .get("/api/organizations/" + org + "/appointments")
                .then().statusCode(200)
                .body("unread", hasSize(1))
                .body("unread[0].patientId", equalTo(failing.id().toString()))
                .body("unread[0].reasonCode", equalTo("PATIENT_NO_EMAIL"))
                .body("unread[0].failedAt", notNullValue());
        // one patient asked for: only theirs
        given().auth().oauth2(TestTokens.DEFAULT.partner(org)).queryParam("patientId", fine.id().toString())
                .get("/api/organizations/" + org + "/appointments")
                .then().statusCode(200).body("unread", hasSize(0));
    }

    @Test
    void badRangesAreRefusedWithTheFieldNamed() {
        UUID org = UUID.randomUUID();
        String path = "/api/organizations/" + org + "/appointments";
        given().auth().oauth2(TestTokens.DEFAULT.partner(org)).queryParam("from", "yesterday").get(path)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-03-01T00:00:00Z").get(path)
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .queryParam("changesSince", "2020-01-01T00:00:00Z").get(path)
                .then().statusCode(400).body("errors[0].field", equalTo("changesSince"));
        given().auth().oauth2(TestTokens.DEFAULT.partner(org)).queryParam("patientId", "x").get(path)
                .then().statusCode(400).body("errors[0].field", equalTo("patientId"));
        given().auth().oauth2(TestTokens.DEFAULT.partner(org)).get("/api/organizations/not-a-uuid/appointments")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.DEFAULT.clinician(org)).get(path).then().statusCode(403);
        given().get(path).then().statusCode(401);
    }

    private List<Row> changes(UUID patientId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT * FROM appointments.appointment_changes WHERE patient_id = $1 ORDER BY id")
                .execute(Tuple.of(patientId)).await().indefinitely().forEach(rows::add);
        return rows;
    }

    private static List<String> sorted(List<Row> rows, List<String> order) {
        return rows.stream()
                .sorted(java.util.Comparator.comparing((Row r) -> order.indexOf(r.getString("intakeq_appointment_id"))))
                .map(r -> r.getString("intakeq_appointment_id") + " " + r.getString("field") + " "
                        + r.getString("before_value") + " -> " + r.getString("after_value"))
                .toList();
    }

    private List<AppointmentsChanged> announcements(UUID patientId, int atLeast) {
        return TopicReader.read(bootstrap, Topics.APPOINTMENTS_CHANGED,
                        rs -> rs.stream().filter(r -> r.key().equals(patientId.toString())).count() >= atLeast,
                        Duration.ofSeconds(15))
                .stream()
                .filter(r -> r.key().equals(patientId.toString()))
                .map(r -> {
                    try {
                        return ContractJson.mapper().readValue(r.value(), AppointmentsChanged.class);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }
}
