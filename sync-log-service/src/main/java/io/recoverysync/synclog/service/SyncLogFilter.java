package io.recoverysync.synclog.service;

import io.recoverysync.contracts.SyncType;
import java.util.UUID;

/**
 * What a sync log listing is narrowed to; a null criterion matches everything.
 *
 * @param organizationId only runs of this organization
 * @param status         only runs in this status
 * @param syncType       only runs of this type
 * @param limit          at most this many rows, newest first
 */
public record SyncLogFilter(UUID organizationId, RunStatus status, SyncType syncType, int limit) {
}
