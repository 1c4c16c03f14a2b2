package io.recoverysync.appointments.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverysync.appointments.repository.WebhookRepository;
import io.recoverysync.contracts.ContractJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Records an IntakeQ webhook durably before it is answered: only the event type, the appointment id and the client
 * number are kept (the body's names and emails are not), and the appointment is later fetched by id rather than
 * taken from the body. A repeated delivery (the same body) is recorded once. Unknown event names and fields are
 * accepted; a body without an appointment id (another webhook family) is acknowledged and ignored.
 */
@ApplicationScoped
public class WebhookIntake {
    private final WebhookRepository repository;
    private final WebhookProcessor processor;
    private final MeterRegistry registry;

    public WebhookIntake(WebhookRepository repository, WebhookProcessor processor, MeterRegistry registry) {
        this.repository = repository;
        this.processor = processor;
        this.registry = registry;
    }

    /** What happened to a delivery: {@code recorded}, {@code duplicate} or {@code ignored} (no appointment in it). */
    public record Received(String outcome, String eventType, String appointmentId) {
    }

    /** The body is not a JSON object. */
    public static class NotAWebhook extends RuntimeException {
        public NotAWebhook(String message) {
            super(message, null, false, false);
        }
    }

    public Uni<Received> receive(String body) {
        JsonNode root;
        try {
            root = ContractJson.mapper().readTree(body == null ? "" : body);
        } catch (IOException e) {
            return rejected("The body is not JSON.");
        }
        if (root == null || !root.isObject()) {
            return rejected("The body must be a JSON object.");
        }
        String eventType = text(root.get("EventType"));
        JsonNode appointment = root.get("Appointment");
        String appointmentId = appointment != null && appointment.isObject() ? text(appointment.get("Id")) : null;
        if (appointmentId == null || appointmentId.length() > 200) {
            count("ignored");
            return Uni.createFrom().item(new Received("ignored", eventType, null));
        }
        Integer clientId = number(appointment.get("ClientId"));
        if (clientId == null) {
            clientId = number(root.get("ClientId"));
        }
        String type = eventType == null ? null : eventType.substring(0, Math.min(eventType.length(), 100));
        return repository.record(sha256(body), type, appointmentId, clientId)
                .map(recorded -> {
                    String outcome = recorded ? "recorded" : "duplicate";
                    count(outcome);
                    if (recorded) {
                        processor.nudge();
                    }
                    return new Received(outcome, type, appointmentId);
                });
    }

    private Uni<Received> rejected(String message) {
        count("rejected");
        return Uni.createFrom().failure(new NotAWebhook(message));
    }

    /** {@code intakeq_webhooks_total{outcome}}: deliveries by what became of them. */
    private void count(String outcome) {
        Counter.builder("intakeq.webhooks")
                .description("IntakeQ webhook deliveries: recorded, duplicate (a repeat), ignored (no appointment), rejected (bad body)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String text = node.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static Integer number(JsonNode node) {
        String text = text(node);
        return text != null && text.matches("\\d{1,9}") ? Integer.valueOf(text) : null;
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
