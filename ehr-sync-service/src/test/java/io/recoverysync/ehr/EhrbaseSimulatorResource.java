package io.recoverysync.ehr;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.recoverysync.simulator.ehrbase.EhrbaseSimulator;
import io.recoverysync.simulator.ehrbase.SimulatorConfig;
import java.util.Map;

/**
 * Starts the EHRbase simulator (a real HTTP server, Basic auth on) for the Quarkus tests and points the service's
 * {@code ehrbase} REST client and credentials at it. Tests reach it through {@link #simulator()}.
 */
public class EhrbaseSimulatorResource implements QuarkusTestResourceLifecycleManager {
    private static volatile EhrbaseSimulator simulator;

    public static EhrbaseSimulator simulator() {
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        simulator = EhrbaseSimulator.start(SimulatorConfig.defaults());
        return Map.of(
                "quarkus.rest-client.ehrbase.url", simulator.baseUrl(),
                "ehr-sync.ehrbase.user", simulator.username(),
                "ehr-sync.ehrbase.password", simulator.password(),
                "ehr-sync.ehrbase.system-id", simulator.systemId());
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
