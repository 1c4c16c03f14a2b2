package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.recoverysync.simulator.intakeq.SimHttp.admin;
import static io.recoverysync.simulator.intakeq.SimHttp.get;
import static io.recoverysync.simulator.intakeq.SimHttp.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant BASE = Instant.parse("2026-01-01T10:00:00Z");

    private IntakeQSimulator sim;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() {
        sim = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0));
        receiver = WebhookReceiver.start();
        sim.addPractitioner("p1", "Jane Smith", "jane@example.org");
        sim.addClient(4711, "Ada Example", "ada@example.org", "(555) 010-0000");
        sim.webhookRetry(5, Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        receiver.close();
        sim.close();
    }

    @Test
    void createdCarriesTheDocumentedShapeAndTheAppointmentAsGetRendersIt() {
        sim.setWebhookUrl(receiver.url());
        SimAppointment a = sim.addAppointment(4711, "p1", BASE, 50, "Follow-up Session", "Telehealth",
                "https://example.invalid/start");
        assertTrue(sim.awaitWebhooksIdle(WAIT));

        assertEquals(1, receiver.count());
        WebhookReceiver.Received r = receiver.received().get(0);
        assertEquals("POST", r.method());
        assertEquals("/hooks/intakeq", r.path());
        assertTrue(r.headers().get("content-type").startsWith("application/json"));
        assertNull(r.headers().get("x-auth-key"), "no auth header by default");
        JsonNode body = r.json();
        assertEquals(List.of("EventType", "ActionPerformedByClient", "Appointment", "ClientId", "PracticeId"),
                fieldNames(body));
        assertEquals("AppointmentCreated", body.get("EventType").asText());
        assertFalse(body.get("ActionPerformedByClient").asBoolean());
        assertTrue(body.get("ActionPerformedByClient").isBoolean());
        assertTrue(body.get("ClientId").isInt());
        assertEquals(4711, body.get("ClientId").asInt());
        assertEquals("sim-practice", body.get("PracticeId").asText());
        assertEquals(json(get(sim, "/appointments/" + a.id())), body.get("Appointment"));

        assertEquals(1, sim.webhooksQueued());
        assertEquals(1, sim.webhooksDelivered());
        assertEquals(0, sim.webhookFailedAttempts());
        assertEquals(0, sim.webhooksDropped());
        assertEquals(0, sim.webhooksPending());
    }

    @Test
    void eachChangeFiresItsEventInChangeOrder() {
        sim.setWebhookUrl(receiver.url());
        sim.setPracticeId("practice-42");
        SimAppointment a = sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        sim.reschedule(a.id(), BASE.plusSeconds(3600));
        sim.setStatus(a.id(), SimAppointment.WAITING_CONFIRMATION); // no event for this one
        sim.setStatus(a.id(), SimAppointment.CONFIRMED);
        sim.setStatus(a.id(), SimAppointment.DECLINED);
        sim.setStatus(a.id(), SimAppointment.MISSED);
        sim.cancel(a.id(), "Client request");
        JsonNode lastRendered = json(get(sim, "/appointments/" + a.id()));
        sim.delete(a.id());
        sim.cancel(a.id(), "after the delete: no event");
        assertTrue(sim.awaitWebhooksIdle(WAIT));

        assertEquals(List.of("AppointmentCreated", "AppointmentRescheduled", "AppointmentConfirmed",
                "AppointmentDeclined", "AppointmentMissed", "AppointmentCanceled", "AppointmentDeleted"),
                receiver.eventTypes());
        List<WebhookReceiver.Received> got = receiver.received();
        assertEquals("practice-42", got.get(0).json().get("PracticeId").asText());
        assertEquals(BASE.plusSeconds(3600).toEpochMilli(), got.get(1).json().get("Appointment").get("StartDate").asLong());
        assertEquals("Declined", got.get(3).json().get("Appointment").get("Status").asText());
        assertEquals("Client request", got.get(5).json().get("Appointment").get("FullCancellationReason").asText());
        assertEquals(lastRendered, got.get(6).json().get("Appointment"),
                "deleted: the appointment as GET by id last rendered it (the wire format has no deleted flag)");
        assertEquals(7, sim.webhooksDelivered());
    }

    @Test
    void eventsCarryTheStateAtChangeTimeAndChangesNeverWaitForTheReceiver() {
        sim.setWebhookUrl(receiver.url());
        SimAppointment a = sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        receiver.hold();
        sim.reschedule(a.id(), BASE.plusSeconds(3600));
        await().atMost(WAIT).until(() -> receiver.count() == 2); // the first reschedule is held at the receiver
        sim.reschedule(a.id(), BASE.plusSeconds(7200));
        for (int i = 0; i < 100; i++) {
            sim.setStatus(a.id(), i % 2 == 0 ? SimAppointment.MISSED : SimAppointment.CONFIRMED);
        }
        sim.cancel(a.id(), "x");
        // All those changes returned while the receiver still holds the first delivery.
        assertEquals(2, receiver.count());
        assertEquals(103, sim.webhooksPending(), "the held one and the 102 queued behind it");
        assertFalse(sim.awaitWebhooksIdle(Duration.ofMillis(50)), "not idle while a delivery is held");

        receiver.release();
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        List<WebhookReceiver.Received> got = receiver.received();
        assertEquals(104, got.size());
        assertEquals(BASE.plusSeconds(3600).toEpochMilli(), got.get(1).json().get("Appointment").get("StartDate").asLong());
        assertEquals(BASE.plusSeconds(7200).toEpochMilli(), got.get(2).json().get("Appointment").get("StartDate").asLong());
        assertEquals("Confirmed", got.get(2).json().get("Appointment").get("Status").asText());
        assertEquals("Missed", got.get(3).json().get("Appointment").get("Status").asText());
        assertEquals("AppointmentCanceled", got.get(103).eventType());
        long lastModified = 0;
        for (WebhookReceiver.Received r : got) {
            long lm = r.json().get("Appointment").get("LastModified").asLong();
            assertTrue(lm >= lastModified, "each event has its own, later, LastModified");
            lastModified = lm;
        }
    }

    @Test
    void dataAddedBeforeAUrlIsSetQueuesNothing() {
        List<NewAppointment> seed = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            seed.add(new NewAppointment(4711, "p1", BASE.plusSeconds(60L * i), 30, "S", "L", null));
        }
        List<SimAppointment> added = sim.addAppointments(seed);
        sim.reschedule(added.get(0).id(), BASE.minusSeconds(3600));
        sim.setWebhookUrl(receiver.url());
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(0, sim.webhooksQueued());

        sim.addAppointments(List.of(new NewAppointment(4711, "p1", BASE, 30, "S", "L", null),
                new NewAppointment(4711, "p1", BASE, 30, "S", "L", null)));
        sim.cancel(added.get(1).id(), "x");
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(List.of("AppointmentCreated", "AppointmentCreated", "AppointmentCanceled"), receiver.eventTypes());

        sim.setWebhookUrl(null);
        sim.cancel(added.get(2).id(), "off again");
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(3, sim.webhooksQueued());
        assertNull(sim.webhookUrl());
    }

    @Test
    void failedAttemptsAreRetriedWithDoublingBackoff() {
        List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
        sim.onWebhookDelivered(deliveries::add);
        sim.webhookRetry(5, Duration.ofMillis(100));
        receiver.answerNext(500, 503);
        sim.setWebhookUrl(receiver.url());
        SimAppointment a = sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));

        List<WebhookReceiver.Received> got = receiver.received();
        assertEquals(3, got.size());
        assertEquals(got.get(0).body(), got.get(2).body(), "a retry re-sends the same body");
        long firstGapMs = (got.get(1).arrivedNanos() - got.get(0).arrivedNanos()) / 1_000_000;
        long secondGapMs = (got.get(2).arrivedNanos() - got.get(1).arrivedNanos()) / 1_000_000;
        assertTrue(firstGapMs >= 95, "first retry after ~100 ms, was " + firstGapMs);
        assertTrue(secondGapMs >= 195, "second after ~200 ms, was " + secondGapMs);

        assertEquals(1, sim.webhooksDelivered());
        assertEquals(2, sim.webhookFailedAttempts());
        assertEquals(0, sim.webhooksDropped());
        assertEquals(1, deliveries.size(), "awaitWebhooksIdle returns only after the listener ran");
        WebhookDelivery d = deliveries.get(0);
        assertEquals("AppointmentCreated", d.eventType());
        assertEquals(a.id(), d.appointmentId());
        assertEquals(4711, d.clientId());
        assertEquals(3, d.attempts());
        assertEquals(200, d.httpStatus());
        assertTrue(Duration.between(d.firstAttemptAt(), d.deliveredAt()).toMillis() >= 290);
    }

    @Test
    void aDeliveryThatKeepsFailingIsDroppedAndCounted() {
        List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
        sim.onWebhookDelivered(deliveries::add);
        sim.webhookRetry(3, Duration.ofMillis(10));
        receiver.answerAlways(500);
        sim.setWebhookUrl(receiver.url());
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(3, receiver.count());
        assertEquals(0, sim.webhooksDelivered());
        assertEquals(3, sim.webhookFailedAttempts());
        assertEquals(1, sim.webhooksDropped());
        assertEquals(0, deliveries.size());

        JsonNode stats = json(admin(sim, "GET", "/_sim/stats")).get("webhooks");
        assertEquals(receiver.url(), stats.get("url").asText());
        assertEquals(1, stats.get("queued").asLong());
        assertEquals(0, stats.get("delivered").asLong());
        assertEquals(3, stats.get("failedAttempts").asLong());
        assertEquals(1, stats.get("dropped").asLong());
        assertEquals(0, stats.get("pending").asLong());
    }

    @Test
    void connectionErrorsAreRetriedToo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        sim.webhookRetry(2, Duration.ofMillis(10));
        sim.setWebhookUrl("http://127.0.0.1:" + closedPort + "/nobody-home");
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(2, sim.webhookFailedAttempts());
        assertEquals(1, sim.webhooksDropped());
    }

    @Test
    void duplicatesDeliverEachEventTwice() {
        sim.duplicateWebhooks(true);
        sim.setWebhookUrl(receiver.url());
        SimAppointment a = sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        sim.cancel(a.id(), "x");
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        List<String> types = receiver.eventTypes();
        assertEquals(4, types.size());
        assertEquals(2, types.stream().filter("AppointmentCreated"::equals).count());
        assertEquals(2, types.stream().filter("AppointmentCanceled"::equals).count());
        List<WebhookReceiver.Received> got = receiver.received();
        assertEquals(got.get(0).body(), got.get(1).body(), "the copies are byte-identical");
        assertEquals(4, sim.webhooksQueued());
        assertEquals(4, sim.webhooksDelivered());
    }

    @Test
    void aDelayedEventIsOvertakenByALaterOne() {
        sim.setWebhookUrl(receiver.url());
        SimAppointment a = sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        sim.webhookDelay(Duration.ofMillis(500));
        sim.reschedule(a.id(), BASE.plusSeconds(3600));
        sim.webhookDelay(Duration.ZERO);
        sim.cancel(a.id(), "x");
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(List.of("AppointmentCreated", "AppointmentCanceled", "AppointmentRescheduled"),
                receiver.eventTypes());
        // The late Rescheduled still carries the state at its change time: Confirmed, not Canceled.
        assertEquals("Confirmed", receiver.received().get(2).json().get("Appointment").get("Status").asText());
    }

    @Test
    void optionalAuthHeaderCarriesTheApiKey() {
        sim.webhookAuthHeader(true);
        sim.setWebhookUrl(receiver.url());
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        sim.webhookAuthHeader(false);
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(sim.apiKey(), receiver.received().get(0).headers().get("x-auth-key"));
        assertNull(receiver.received().get(1).headers().get("x-auth-key"));
    }

    @Test
    void deliveriesAreNotRateLimitedAndUseNoQuota() {
        sim.setRateLimit(1, 1);
        assertEquals(200, get(sim, "/appointments").statusCode());
        assertEquals(429, get(sim, "/appointments").statusCode());
        sim.rateLimitFor(Duration.ofHours(1), RetryAfter.NONE);
        sim.unavailableFor(Duration.ofHours(1), 503);
        sim.setWebhookUrl(receiver.url());
        for (int i = 0; i < 30; i++) {
            sim.addAppointment(4711, "p1", BASE.plusSeconds(i), 50, "S", "L", null);
        }
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(30, sim.webhooksDelivered());
        assertEquals(1, sim.acceptedRequests());
    }

    @Test
    void shapeSwitchesApplyToTheEmbeddedAppointment() {
        sim.setClientIdAsString(true);
        sim.setExtraUnknownFields(true);
        sim.setWebhookUrl(receiver.url());
        SimAppointment a = sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        JsonNode body = receiver.received().get(0).json();
        assertEquals(json(get(sim, "/appointments/" + a.id())), body.get("Appointment"));
        assertTrue(body.get("Appointment").get("ClientId").isTextual());
        assertTrue(body.get("ClientId").isInt(), "the top-level ClientId stays an int");
    }

    @Test
    void listenerIsReplacedAndRemoved() {
        List<WebhookDelivery> first = new CopyOnWriteArrayList<>();
        List<WebhookDelivery> second = new CopyOnWriteArrayList<>();
        sim.setWebhookUrl(receiver.url());
        sim.onWebhookDelivered(d -> {
            first.add(d);
            throw new IllegalStateException("a broken listener must not stop deliveries");
        });
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        sim.onWebhookDelivered(second::add);
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        sim.onWebhookDelivered(null);
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(1, first.size());
        assertEquals(1, second.size());
        assertEquals(3, sim.webhooksDelivered());
        assertEquals(1, second.get(0).attempts());
        assertFalse(second.get(0).deliveredAt().isBefore(second.get(0).firstAttemptAt()));
    }

    @Test
    void resetCountersZeroesWebhookCounters() {
        sim.setWebhookUrl(receiver.url());
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        sim.resetCounters();
        assertEquals(0, sim.webhooksQueued());
        assertEquals(0, sim.webhooksDelivered());
        sim.clear();
        assertEquals(receiver.url(), sim.webhookUrl(), "clear() keeps the webhook settings");
    }

    @Test
    void invalidUrlsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> sim.setWebhookUrl("not a url"));
        assertThrows(IllegalArgumentException.class, () -> sim.setWebhookUrl("/relative"));
        assertThrows(IllegalArgumentException.class, () -> sim.setWebhookUrl("ftp://example.org/x"));
        assertThrows(IllegalArgumentException.class, () -> sim.webhookRetry(0, Duration.ofMillis(1)));
        assertNull(sim.webhookUrl());
    }

    @Test
    void adminEndpointsSetTheUrlAndFireStatusAndDeleteEvents() {
        SimAppointment a = sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        HttpResponse<String> set = admin(sim, "POST", "/_sim/webhook?url=" + receiver.url());
        assertEquals(200, set.statusCode());
        assertEquals(receiver.url(), json(set).get("webhooks").get("url").asText());
        assertEquals(receiver.url(), sim.webhookUrl());

        HttpResponse<String> declined = admin(sim, "POST", "/_sim/appointments/" + a.id() + "/status?value=Declined");
        assertEquals(200, declined.statusCode());
        assertEquals("Declined", json(declined).get("Status").asText());
        assertEquals(200, admin(sim, "POST", "/_sim/appointments/" + a.id() + "/status?value=missed").statusCode());
        assertEquals(200, admin(sim, "POST", "/_sim/appointments/" + a.id() + "/status?value=Confirmed").statusCode());
        assertEquals(400, admin(sim, "POST", "/_sim/appointments/" + a.id() + "/status?value=Canceled").statusCode());
        assertEquals(400, admin(sim, "POST", "/_sim/appointments/" + a.id() + "/status").statusCode());
        assertEquals(200, admin(sim, "POST", "/_sim/appointments/" + a.id() + "/reschedule?minutes=30").statusCode());
        assertEquals(200, admin(sim, "POST", "/_sim/appointments/" + a.id() + "/cancel").statusCode());
        assertEquals(200, admin(sim, "POST", "/_sim/appointments/" + a.id() + "/delete").statusCode());
        assertTrue(sim.appointment(a.id()).deleted());
        assertEquals(404, get(sim, "/appointments/" + a.id()).statusCode());
        assertEquals(404, admin(sim, "POST", "/_sim/appointments/nope/delete").statusCode());
        assertEquals(405, admin(sim, "GET", "/_sim/appointments/" + a.id() + "/delete").statusCode());
        assertTrue(sim.awaitWebhooksIdle(WAIT));
        assertEquals(List.of("AppointmentDeclined", "AppointmentMissed", "AppointmentConfirmed",
                "AppointmentRescheduled", "AppointmentCanceled", "AppointmentDeleted"), receiver.eventTypes());

        assertEquals(400, admin(sim, "POST", "/_sim/webhook?url=nonsense").statusCode());
        assertEquals(receiver.url(), sim.webhookUrl(), "a rejected URL changes nothing");
        assertTrue(json(admin(sim, "POST", "/_sim/webhook")).get("webhooks").get("url").isNull(), "no url: off");
        assertNull(sim.webhookUrl());
    }

    @Test
    void closeAbandonsPendingDeliveriesAndReleasesWaiters() {
        sim.setWebhookUrl(receiver.url());
        receiver.hold();
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        await().atMost(WAIT).until(() -> receiver.count() == 1);
        sim.close();
        assertTrue(sim.awaitWebhooksIdle(Duration.ofSeconds(1)));
        sim.addAppointment(4711, "p1", BASE, 50, "S", "L", null);
        assertEquals(2, sim.webhooksQueued(), "nothing is queued after close");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
