package io.recoverysync.simulator.intakeq;

import java.time.ZoneId;

/**
 * Start-up settings of an {@link IntakeQSimulator}: bind address, API key, quota and the practice time zone.
 *
 * <p>{@code port} 0 picks a free port. A {@code perMinute}/{@code perDay} of 0 or less means unlimited.
 * Null {@code host}/{@code apiKey}/{@code practiceTimeZone} fall back to the defaults so callers can build a
 * config from optional settings without null checks.
 */
public record SimulatorConfig(String host, int port, String apiKey, int perMinute, int perDay, String practiceTimeZone) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_API_KEY = "sim-intakeq-key";
    public static final int DEFAULT_PER_MINUTE = 10;
    public static final int DEFAULT_PER_DAY = 500;
    public static final String DEFAULT_TIME_ZONE = "America/Denver";

    public SimulatorConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        apiKey = apiKey == null ? DEFAULT_API_KEY : apiKey;
        practiceTimeZone = practiceTimeZone == null || practiceTimeZone.isBlank() ? DEFAULT_TIME_ZONE : practiceTimeZone;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        // Fail at configuration time rather than on the first rendered appointment.
        ZoneId.of(practiceTimeZone);
    }

    /** 127.0.0.1, random port, key {@code sim-intakeq-key}, 10/min, 500/day, America/Denver. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, 0, DEFAULT_API_KEY, DEFAULT_PER_MINUTE, DEFAULT_PER_DAY, DEFAULT_TIME_ZONE);
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(host, port, apiKey, perMinute, perDay, practiceTimeZone);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(host, port, apiKey, perMinute, perDay, practiceTimeZone);
    }

    public SimulatorConfig withApiKey(String apiKey) {
        return new SimulatorConfig(host, port, apiKey, perMinute, perDay, practiceTimeZone);
    }

    public SimulatorConfig withRateLimit(int perMinute, int perDay) {
        return new SimulatorConfig(host, port, apiKey, perMinute, perDay, practiceTimeZone);
    }

    public SimulatorConfig withPracticeTimeZone(String practiceTimeZone) {
        return new SimulatorConfig(host, port, apiKey, perMinute, perDay, practiceTimeZone);
    }
}
