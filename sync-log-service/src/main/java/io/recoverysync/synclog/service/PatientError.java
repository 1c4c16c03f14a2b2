package io.recoverysync.synclog.service;

/**
 * Why one patient failed in a run, as kept under {@code sync_logs.metadata.errors.<patientId>}.
 *
 * @param reasonCode a {@link io.recoverysync.contracts.ReasonCode} name
 * @param detail     a short machine-made explanation without PHI, may be null
 * @param source     the service that reported it ({@code appointments} or {@code ehr})
 */
public record PatientError(String reasonCode, String detail, String source) {
}
