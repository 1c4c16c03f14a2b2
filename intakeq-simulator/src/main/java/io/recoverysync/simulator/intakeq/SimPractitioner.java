package io.recoverysync.simulator.intakeq;

/** A practitioner of the simulated practice; {@code id} is opaque (24-hex in real IntakeQ data). */
public record SimPractitioner(String id, String name, String email) {
}
