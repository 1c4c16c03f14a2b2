package io.recoverysync.simulator.kit;

import java.util.concurrent.CountDownLatch;

/** Running a simulator as its own process (local stack, docker compose): settings, then serve until SIGTERM. */
public final class SimulatorProcess {

    private SimulatorProcess() {
    }

    /** The system property {@code name}, else the environment variable {@code name}, else {@code fallback}. */
    public static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Prints {@code banner} and blocks until the JVM is asked to stop (SIGTERM, SIGINT); the shutdown hook closes
     * {@code simulator} there, which releases its port before the JVM exits.
     */
    public static void serveUntilStopped(AutoCloseable simulator, String name, String banner)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                simulator.close();
            } catch (Exception e) {
                System.err.println(name + ": close failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        System.out.println(banner);
        System.out.flush();
        stopped.await();
    }
}
