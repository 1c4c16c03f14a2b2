package io.recoverysync.ehr;

import io.recoverysync.simulator.ehrbase.EhrbaseSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test against the shared EHRbase simulator ({@link EhrbaseSimulatorResource}): no fault left from another test
 * before it starts or after it ends, and the service warmed up before it.
 */
abstract class WithEhrbase {
    protected EhrbaseSimulator sim;

    @BeforeEach
    void startWithAHealthyEhrbase() {
        sim = EhrbaseSimulatorResource.simulator();
        sim.resetFaults();
        // a request slowed by an earlier test may still be handled, and would take a failure this test queues
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> sim.inFlight() == 0);
        Notes.warmUp();
        // the configuration check probes EHRbase by itself while a problem is open: let it settle, so it does not
        // take a fault this test queues for a note
        io.recoverysync.ehr.service.EhrbaseConfigCheck check =
                io.quarkus.arc.Arc.container().instance(io.recoverysync.ehr.service.EhrbaseConfigCheck.class).get();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(50)).until(check::settled);
    }

    @AfterEach
    void leaveEhrbaseHealthy() {
        sim.resetFaults();
    }
}
