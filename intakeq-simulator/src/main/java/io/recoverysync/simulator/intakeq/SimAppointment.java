package io.recoverysync.simulator.intakeq;

import java.time.Duration;
import java.time.Instant;

/**
 * Immutable snapshot of one simulated appointment as the simulator stores it (not the wire format).
 *
 * <p>{@code cancellationReason} is what the API emits as {@code FullCancellationReason}; {@code deletedAt} is null
 * unless {@code deleted}.
 */
public record SimAppointment(
        String id,
        int clientId,
        String practitionerId,
        String status,
        Instant start,
        Instant end,
        int durationMinutes,
        String serviceName,
        String locationName,
        String telehealthStartUrl,
        Instant dateCreated,
        Instant lastModified,
        String cancellationReason,
        Instant cancellationDate,
        boolean deleted,
        Instant deletedAt) {

    public static final String CONFIRMED = "Confirmed";
    public static final String WAITING_CONFIRMATION = "WaitingConfirmation";
    public static final String DECLINED = "Declined";
    public static final String CANCELED = "Canceled";
    public static final String MISSED = "Missed";

    SimAppointment movedTo(Instant newStart, Instant modified) {
        return new SimAppointment(id, clientId, practitionerId, status, newStart,
                newStart.plus(Duration.ofMinutes(durationMinutes)), durationMinutes, serviceName, locationName,
                telehealthStartUrl, dateCreated, modified, cancellationReason, cancellationDate, deleted, deletedAt);
    }

    SimAppointment canceled(String reason, Instant at) {
        return new SimAppointment(id, clientId, practitionerId, CANCELED, start, end, durationMinutes, serviceName,
                locationName, telehealthStartUrl, dateCreated, at, reason, at, deleted, deletedAt);
    }

    SimAppointment withStatus(String newStatus, Instant modified) {
        return new SimAppointment(id, clientId, practitionerId, newStatus, start, end, durationMinutes, serviceName,
                locationName, telehealthStartUrl, dateCreated, modified, cancellationReason, cancellationDate, deleted,
                deletedAt);
    }

    SimAppointment markedDeleted(Instant at) {
        return new SimAppointment(id, clientId, practitionerId, status, start, end, durationMinutes, serviceName,
                locationName, telehealthStartUrl, dateCreated, at, cancellationReason, cancellationDate, true, at);
    }
}
