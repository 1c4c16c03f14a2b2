package io.recoverysync.synclog.service;

import io.recoverysync.synclog.repository.SyncLogRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The read side of the run log: single runs, filtered listings and the recent-activity view. */
@ApplicationScoped
public class SyncLogQueries {
    private final SyncLogRepository repository;

    public SyncLogQueries(SyncLogRepository repository) {
        this.repository = repository;
    }

    /** The run with its per-patient errors. */
    public Uni<Optional<SyncLogView>> find(UUID id) {
        return repository.findById(id);
    }

    /** Runs matching {@code filter}, newest first. */
    public Uni<List<SyncLogView>> list(SyncLogFilter filter) {
        return repository.list(filter);
    }

    /** Runs of the last seven days, newest first, optionally of one organization. */
    public Uni<List<SyncLogView>> recent(UUID organizationId, List<String> syncTypes, int limit) {
        return repository.recent(organizationId, syncTypes, limit);
    }
}
