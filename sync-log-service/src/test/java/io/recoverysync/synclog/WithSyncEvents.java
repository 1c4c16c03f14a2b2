package io.recoverysync.synclog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the tests that feed the service real Kafka events: one producer per test class. */
abstract class WithSyncEvents {
    protected static SyncEvents events;

    @BeforeAll
    static void connect() {
        events = new SyncEvents();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }
}
