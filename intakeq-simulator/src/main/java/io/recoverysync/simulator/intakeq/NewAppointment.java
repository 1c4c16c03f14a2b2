package io.recoverysync.simulator.intakeq;

import java.time.Instant;

/**
 * One appointment for {@link IntakeQSimulator#addAppointments(java.util.Collection)}: the same arguments as
 * {@link IntakeQSimulator#addAppointment}, so large practices can be seeded in one call.
 */
public record NewAppointment(int clientId, String practitionerId, Instant start, int durationMinutes,
                             String serviceName, String locationName, String telehealthStartUrl) {
}
