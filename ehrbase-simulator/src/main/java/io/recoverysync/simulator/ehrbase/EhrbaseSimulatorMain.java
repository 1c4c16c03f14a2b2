package io.recoverysync.simulator.ehrbase;

import static io.recoverysync.simulator.kit.SimulatorProcess.setting;

import io.recoverysync.simulator.kit.SimulatorProcess;
import java.time.Duration;

/**
 * Command-line entry point for running the simulator as a standalone process (local stack, docker-compose).
 *
 * <p>Settings come from system properties, then environment variables, with the same names:
 * {@code EHRBASE_SIM_HOST} (127.0.0.1), {@code EHRBASE_SIM_PORT} (8091), {@code EHRBASE_SIM_USER}
 * (ehrbase-user; {@code none} switches auth off), {@code EHRBASE_SIM_PASSWORD} (SuperSecretPassword),
 * {@code EHRBASE_SIM_SYSTEM_ID} (local.ehrbase.org), {@code EHRBASE_SIM_LATENCY_MS} (0).
 */
public final class EhrbaseSimulatorMain {

    private EhrbaseSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String user = setting("EHRBASE_SIM_USER", SimulatorConfig.DEFAULT_USER);
        SimulatorConfig config = new SimulatorConfig(
                setting("EHRBASE_SIM_HOST", SimulatorConfig.DEFAULT_HOST),
                Integer.parseInt(setting("EHRBASE_SIM_PORT", "8091")),
                "none".equalsIgnoreCase(user) ? null : user,
                setting("EHRBASE_SIM_PASSWORD", SimulatorConfig.DEFAULT_PASSWORD),
                setting("EHRBASE_SIM_SYSTEM_ID", SimulatorConfig.DEFAULT_SYSTEM_ID));
        EhrbaseSimulator sim = EhrbaseSimulator.start(config);
        sim.setLatency(Duration.ofMillis(Long.parseLong(setting("EHRBASE_SIM_LATENCY_MS", "0"))));

        SimulatorProcess.serveUntilStopped(sim, "ehrbase-sim", "EHRbase simulator listening on " + sim.baseUrl()
                + " (admin: " + sim.rootUrl() + AdminHandler.PREFIX + "/stats)");
    }
}
