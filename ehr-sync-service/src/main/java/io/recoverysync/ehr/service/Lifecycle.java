package io.recoverysync.ehr.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether start-up has finished and whether the service is shutting down: timers and nudges do no Kafka work before
 * start-up finished (the outbox's emitter is connected to its channel during start-up: a send before that is
 * SmallRye's "SRMSG00019: Unable to connect an emitter with the channel"; what waits is sent by the relay's first
 * pass after start-up), and no database work against a pool that is closing (what they leave undone, the next
 * instance's sweep and relay pick up).
 */
@ApplicationScoped
public class Lifecycle {
    private volatile boolean stopping;
    private volatile boolean started;

    /** After Reactive Messaging connected the channels (it observes the start-up event before applications do). */
    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    /** Whether start-up has finished (and shutdown has not begun). */
    public boolean running() {
        return started && !stopping;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }
}
