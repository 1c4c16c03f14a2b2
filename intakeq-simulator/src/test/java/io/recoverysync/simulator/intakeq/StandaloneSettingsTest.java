package io.recoverysync.simulator.intakeq;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.recoverysync.simulator.intakeq.SimHttp.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone entry point's settings (system properties take the place of the environment variables here). */
class StandaloneSettingsTest {

    private static final List<String> NAMES = List.of("INTAKEQ_SIM_PORT", "INTAKEQ_SIM_SEED", "INTAKEQ_SIM_WEBHOOK_URL",
            "INTAKEQ_SIM_PRACTICE_ID", "INTAKEQ_SIM_WEBHOOK_AUTH_HEADER");

    @AfterEach
    void clearProperties() {
        NAMES.forEach(System::clearProperty);
    }

    @Test
    void webhookSettingsAndTheDemoSeedQueuesNothing() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            System.setProperty("INTAKEQ_SIM_PORT", "0");
            System.setProperty("INTAKEQ_SIM_SEED", "demo");
            System.setProperty("INTAKEQ_SIM_WEBHOOK_URL", receiver.url());
            System.setProperty("INTAKEQ_SIM_PRACTICE_ID", "practice-9");
            System.setProperty("INTAKEQ_SIM_WEBHOOK_AUTH_HEADER", "true");
            try (IntakeQSimulator sim = IntakeQSimulatorMain.startConfigured()) {
                assertEquals(receiver.url(), sim.webhookUrl());
                assertEquals("practice-9", sim.practiceId());
                assertEquals(18, sim.appointmentCount());
                assertEquals(0, sim.webhooksQueued(), "the demo seed comes before the URL");

                String id = sim.appointments().get(0).id();
                assertEquals(200, admin(sim, "POST", "/_sim/appointments/" + id + "/cancel").statusCode());
                assertTrue(sim.awaitWebhooksIdle(Duration.ofSeconds(10)));
                WebhookReceiver.Received r = receiver.received().get(0);
                assertEquals("AppointmentCanceled", r.eventType());
                assertEquals("practice-9", r.json().get("PracticeId").asText());
                assertEquals(sim.apiKey(), r.headers().get("x-auth-key"));
            }
        }
    }

    @Test
    void withoutAWebhookUrlWebhooksAreOff() {
        System.setProperty("INTAKEQ_SIM_PORT", "0");
        try (IntakeQSimulator sim = IntakeQSimulatorMain.startConfigured()) {
            assertNull(sim.webhookUrl());
            assertEquals("sim-practice", sim.practiceId());
        }
    }
}
