package io.recoverysync.simulator.intakeq;

/** A client (patient) known to the simulated practice; {@code clientId} is IntakeQ's integer client number. */
public record SimClient(int clientId, String name, String email, String phone) {
}
