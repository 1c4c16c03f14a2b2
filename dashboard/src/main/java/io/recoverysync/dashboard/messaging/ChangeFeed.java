package io.recoverysync.dashboard.messaging;

import io.recoverysync.contracts.AppointmentsChanged;
import io.recoverysync.dashboard.service.LiveChanges;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code appointments.changed} for the open pages: each replica reads the topic from its end in a consumer group of
 * its own (nothing is committed; a page that was closed reloads anyway), so every replica's pages hear every change.
 */
@ApplicationScoped
public class ChangeFeed {
    public static final String CHANNEL = "appointments-changed";

    private final LiveChanges live;

    public ChangeFeed(LiveChanges live) {
        this.live = live;
    }

    @Incoming(CHANNEL)
    public void changed(AppointmentsChanged message) {
        if (message != null && message.organizationIds() != null) {
            live.changed(message.organizationIds());
        }
    }
}
