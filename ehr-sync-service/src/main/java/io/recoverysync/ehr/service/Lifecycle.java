package io.recoverysync.ehr.service;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether the service is shutting down, so timers stop starting database work against a pool that is closing
 * (what they leave undone, the next instance's sweep and relay pick up).
 */
@ApplicationScoped
public class Lifecycle {
    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }
}
