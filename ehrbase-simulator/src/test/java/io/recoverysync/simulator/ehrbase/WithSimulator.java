package io.recoverysync.simulator.ehrbase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A test class with its own simulator on a random port, online and empty before each test. */
abstract class WithSimulator {
    static EhrbaseSimulator sim;
    static SimHttp http;

    @BeforeAll
    static void startSimulator() {
        sim = EhrbaseSimulator.start(SimulatorConfig.defaults());
        http = new SimHttp(sim);
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void emptySimulator() {
        sim.goOnline();
        sim.clear();
    }
}
