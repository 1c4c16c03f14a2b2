package io.recoverysync.simulator.intakeq;

import java.time.Instant;

/**
 * One webhook delivery the receiver accepted (answered 2xx), as reported to
 * {@link IntakeQSimulator#onWebhookDelivered(java.util.function.Consumer)}.
 *
 * <p>{@code firstAttemptAt} and {@code deliveredAt} are wall-clock instants (not the simulator's clock): backoff and
 * {@link IntakeQSimulator#webhookDelay(java.time.Duration)} run in real time, and benchmarks measure real latency.
 * {@code attempts} counts this delivery's tries, the successful one included; {@code httpStatus} is the receiver's
 * answer to the successful one.
 */
public record WebhookDelivery(String eventType, String appointmentId, int clientId, Instant firstAttemptAt,
                              Instant deliveredAt, int attempts, int httpStatus) {
}
