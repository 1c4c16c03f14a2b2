package io.recoverysync.simulator.intakeq;

import static io.recoverysync.simulator.kit.SimulatorProcess.setting;

import io.recoverysync.simulator.kit.SimulatorProcess;
import java.util.Locale;

/**
 * Command-line entry point for running the simulator as a standalone process (local demo, docker-compose).
 *
 * <p>Settings come from system properties, then environment variables, with the same names:
 * {@code INTAKEQ_SIM_HOST} (127.0.0.1), {@code INTAKEQ_SIM_PORT} (8090), {@code INTAKEQ_SIM_API_KEY},
 * {@code INTAKEQ_SIM_PER_MINUTE} (10), {@code INTAKEQ_SIM_PER_DAY} (500), {@code INTAKEQ_SIM_TIME_ZONE},
 * {@code INTAKEQ_SIM_RETRY_AFTER} ({@code none}, {@code auto} or seconds), {@code INTAKEQ_SIM_SEED=demo},
 * {@code INTAKEQ_SIM_WEBHOOK_URL} (unset: no webhooks), {@code INTAKEQ_SIM_PRACTICE_ID} ({@code sim-practice}) and
 * {@code INTAKEQ_SIM_WEBHOOK_AUTH_HEADER} ({@code false}).
 */
public final class IntakeQSimulatorMain {

    private IntakeQSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        IntakeQSimulator sim = startConfigured();
        SimulatorProcess.serveUntilStopped(sim, "intakeq-sim", "IntakeQ simulator listening on " + sim.baseUrl()
                + " (admin: " + sim.rootUrl() + AdminHandler.PREFIX + "/stats"
                + (sim.webhookUrl() == null ? "" : "; webhooks to " + sim.webhookUrl()) + ")");
    }

    /** Starts a simulator from the settings above (what {@link #main} serves); the caller closes it. */
    static IntakeQSimulator startConfigured() {
        SimulatorConfig config = new SimulatorConfig(
                setting("INTAKEQ_SIM_HOST", SimulatorConfig.DEFAULT_HOST),
                Integer.parseInt(setting("INTAKEQ_SIM_PORT", "8090")),
                setting("INTAKEQ_SIM_API_KEY", SimulatorConfig.DEFAULT_API_KEY),
                Integer.parseInt(setting("INTAKEQ_SIM_PER_MINUTE", String.valueOf(SimulatorConfig.DEFAULT_PER_MINUTE))),
                Integer.parseInt(setting("INTAKEQ_SIM_PER_DAY", String.valueOf(SimulatorConfig.DEFAULT_PER_DAY))),
                setting("INTAKEQ_SIM_TIME_ZONE", SimulatorConfig.DEFAULT_TIME_ZONE));
        IntakeQSimulator sim = IntakeQSimulator.start(config);
        try {
            configure(sim);
            return sim;
        } catch (RuntimeException badSetting) {
            sim.close();
            throw badSetting;
        }
    }

    private static void configure(IntakeQSimulator sim) {
        String retryAfter = setting("INTAKEQ_SIM_RETRY_AFTER", "none").trim().toLowerCase(Locale.ROOT);
        if (retryAfter.equals("auto")) {
            sim.setRetryAfter(RetryAfter.AUTO);
        } else if (!retryAfter.equals("none") && !retryAfter.isEmpty()) {
            sim.setRetryAfterSeconds(Integer.parseInt(retryAfter));
        }
        if ("demo".equalsIgnoreCase(setting("INTAKEQ_SIM_SEED", "").trim())) {
            DemoData.seed(sim);
        }
        sim.setPracticeId(setting("INTAKEQ_SIM_PRACTICE_ID", WebhookEmitter.DEFAULT_PRACTICE_ID));
        sim.webhookAuthHeader(Boolean.parseBoolean(setting("INTAKEQ_SIM_WEBHOOK_AUTH_HEADER", "false").trim()));
        // Last, after the seed: the demo data is the practice's starting point, not a burst of Created events.
        sim.setWebhookUrl(setting("INTAKEQ_SIM_WEBHOOK_URL", ""));
    }
}
