package io.recoverysync.appointments.service;

import io.recoverysync.appointments.TraceCarrier;
import io.recoverysync.contracts.SyncResult;
import io.smallrye.mutiny.Uni;

/**
 * Puts a patient's result on {@code sync.results} (key runId), continuing the trace its command arrived with;
 * completes once the broker has acknowledged it.
 */
public interface ResultPublisher {
    Uni<Void> publish(SyncResult result, TraceCarrier trace);
}
