package io.recoverysync.synclog.service;

import java.util.UUID;

/** A run that has just left {@code running}, as announced on {@code sync.runs.ended}. */
public record EndedRun(UUID runId, UUID organizationId, String syncType, RunStatus status) {
}
