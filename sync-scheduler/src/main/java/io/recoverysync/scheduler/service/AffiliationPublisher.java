package io.recoverysync.scheduler.service;

import io.recoverysync.scheduler.RosterChange;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Puts roster changes on {@code roster.affiliations}; completes once the broker has acknowledged every one. */
public interface AffiliationPublisher {
    Uni<Void> publish(List<RosterChange> changes);
}
