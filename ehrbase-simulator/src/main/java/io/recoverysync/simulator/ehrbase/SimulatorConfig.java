package io.recoverysync.simulator.ehrbase;

/**
 * How to run the simulator: bind address, Basic-auth user and the {@code server.nodename} that becomes the
 * system id inside every version uid.
 *
 * <p>{@code port} 0 picks a free port. A null {@code user} switches authentication off (EHRbase's
 * {@code security.authType=NONE}); null host or system id fall back to the defaults.
 */
public record SimulatorConfig(String host, int port, String user, String password, String systemId) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    /** EHRbase's default {@code security.authUser}. */
    public static final String DEFAULT_USER = "ehrbase-user";
    /** EHRbase's default {@code security.authPassword}. */
    public static final String DEFAULT_PASSWORD = "SuperSecretPassword";
    /** EHRbase's default {@code server.nodename}. */
    public static final String DEFAULT_SYSTEM_ID = "local.ehrbase.org";

    public SimulatorConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        systemId = systemId == null || systemId.isBlank() ? DEFAULT_SYSTEM_ID : systemId;
        if (user != null && user.isBlank()) {
            user = null;
        }
        if (user != null && password == null) {
            password = "";
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** 127.0.0.1, random port, Basic auth with EHRbase's default user, system id {@code local.ehrbase.org}. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, 0, DEFAULT_USER, DEFAULT_PASSWORD, DEFAULT_SYSTEM_ID);
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(host, port, user, password, systemId);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(host, port, user, password, systemId);
    }

    public SimulatorConfig withCredentials(String user, String password) {
        return new SimulatorConfig(host, port, user, password, systemId);
    }

    /** Authentication off, as under EHRbase's {@code local} profile. */
    public SimulatorConfig withoutAuth() {
        return new SimulatorConfig(host, port, null, null, systemId);
    }

    public SimulatorConfig withSystemId(String systemId) {
        return new SimulatorConfig(host, port, user, password, systemId);
    }

    public boolean authEnabled() {
        return user != null;
    }
}
