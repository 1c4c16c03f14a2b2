package io.recoverysync.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** sync-scheduler's 409 problem for a refresh of every patient while one is still open: the run still going. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkConflict(String type, String title, int status, String detail, UUID runningSyncLogId) {
}
