package io.recoverysync.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.SimulatorConfig;
import java.util.Map;

/**
 * Starts the IntakeQ simulator (a real HTTP server) for a Quarkus test, rate limit lifted, and points the
 * service's {@code intakeq} REST client and API key at it. Tests reach it through {@link #simulator()}.
 */
public class IntakeQSimulatorResource implements QuarkusTestResourceLifecycleManager {
    private static volatile IntakeQSimulator simulator;
    private static final ShiftableClock CLOCK = new ShiftableClock();

    public static IntakeQSimulator simulator() {
        return simulator;
    }

    /** The simulator's clock: shift it to create data with past timestamps (DateCreated, LastModified). */
    public static ShiftableClock clock() {
        return CLOCK;
    }

    @Override
    public Map<String, String> start() {
        simulator = IntakeQSimulator.start(SimulatorConfig.defaults().withRateLimit(0, 0), CLOCK);
        return Map.of(
                "quarkus.rest-client.intakeq.url", simulator.baseUrl(),
                "appointment-sync.intakeq.api-key", simulator.apiKey());
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
