package io.recoverysync.dashboard.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Tells the open pages of an organization that its appointments changed: every replica hears every announcement
 * (its own consumer group), and each open page's stream keeps those of its user's organization.
 */
@ApplicationScoped
public class LiveChanges {
    private final BroadcastProcessor<UUID> organizations = BroadcastProcessor.create();

    /** Appointments of these organizations changed. */
    public void changed(List<UUID> organizationIds) {
        organizationIds.forEach(organizations::onNext);
    }

    /**
     * A signal each time appointments of {@code organizationId} change; a page that has not taken the previous
     * signal yet misses nothing by dropping this one (it re-reads everything on the next).
     */
    public Multi<UUID> of(UUID organizationId) {
        return organizations.filter(organizationId::equals).onOverflow().drop();
    }
}
