package io.recoverysync.appointments.service;

/** Publishes the outbox of {@code appointments.changed} announcements; nudged after a transaction that wrote some. */
public interface ChangeAnnouncer {
    /** Publishes what waits now (or right after the pass that is running); never blocks. */
    void nudge();
}
