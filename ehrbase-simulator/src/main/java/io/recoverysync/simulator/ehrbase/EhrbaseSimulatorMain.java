package io.recoverysync.simulator.ehrbase;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

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

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT run shutdown hooks; closing there releases the port before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "ehrbase-sim-shutdown"));

        System.out.println("EHRbase simulator listening on " + sim.baseUrl()
                + " (admin: " + sim.rootUrl() + AdminHandler.PREFIX + "/stats)");
        System.out.flush();
        stopped.await();
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
