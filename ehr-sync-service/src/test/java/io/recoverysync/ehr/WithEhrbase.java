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
        Notes.warmUp();
    }

    @AfterEach
    void leaveEhrbaseHealthy() {
        sim.resetFaults();
    }
}
