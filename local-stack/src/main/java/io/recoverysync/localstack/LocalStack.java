package io.recoverysync.localstack;

import io.recoverysync.simulator.ehrbase.EhrbaseSimulator;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.simulator.intakeq.SimulatorConfig;
import io.recoverysync.testsupport.KafkaBroker;
import io.recoverysync.testsupport.KafkaProcess;
import io.recoverysync.testsupport.Postgres;
import io.recoverysync.testsupport.ShiftableClock;
import io.recoverysync.testsupport.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine without Docker: a real PostgreSQL (the local server or an embedded one), a real
 * Kafka broker (KRaft) in this JVM, the IntakeQ simulator, and the four packaged services as child JVMs.
 * Used by {@code run-local.sh} and by the end-to-end system tests. Closing it stops everything it started.
 */
public final class LocalStack implements AutoCloseable {
    public static final String SCHEDULER = "sync-scheduler";
    public static final String APPOINTMENTS = "appointment-sync-service";
    public static final String EHR = "ehr-sync-service";
    public static final String SYNC_LOG = "sync-log-service";
    public static final String DASHBOARD = "dashboard";
    /** The dashboard's and Keycloak's ports in the demo. */
    public static final int DASHBOARD_DEMO_PORT = 8085;
    public static final int KEYCLOAK_DEMO_PORT = 8180;
    /** The demo users' password in the local realm (a local demo, never a real secret). */
    public static final String DEMO_USER_PASSWORD = "recovery-demo";

    /**
     * How to run the stack.
     *
     * @param root              the repository root (where the modules' target/ folders are)
     * @param workDir           where broker data and service logs go
     * @param database          the PostgreSQL database all services share (one schema each)
     * @param recreateDatabase  drop and create it first (tests) or keep it (demo)
     * @param ports             port per service name, 0 = pick a free one
     * @param simulatorPort     the IntakeQ simulator's port, 0 = free
     * @param intakeqPerMinute  the simulator's per-minute limit and the services' pacing (0 = unlimited)
     * @param intakeqPerDay     the simulator's daily limit (0 = unlimited)
     * @param cronSecret        CRON_SECRET for the services
     * @param internalToken     INTERNAL_API_TOKEN for the services
     * @param webhookSecret     INTAKEQ_WEBHOOK_SECRET of appointment-sync (the path secret of its webhook URL)
     * @param webhooks          whether the IntakeQ simulator posts its appointment webhooks to appointment-sync
     * @param serviceEnv        further settings for every service (tests make the roster feed and refreshes eager)
     * @param identityProvider  run Keycloak and the dashboard, and have the services trust Keycloak's tokens
     */
    public record Options(Path root, Path workDir, String database, boolean recreateDatabase, Map<String, Integer> ports,
            int simulatorPort, int intakeqPerMinute, int intakeqPerDay, String cronSecret, String internalToken,
            boolean brokerProcess, String webhookSecret, boolean webhooks, Map<String, String> serviceEnv,
            boolean identityProvider) {

        /** Fixed, documented ports and the base plan's quota, for a person running the demo; webhooks on. */
        public static Options demo(Path root) {
            return new Options(root, root.resolve(".local-stack"), "sync_local", false,
                    Map.of(SCHEDULER, 8081, APPOINTMENTS, 8082, EHR, 8083, SYNC_LOG, 8084), 8090,
                    10, 500, "local-cron-secret", "local-internal-token", false, "local-webhook-secret", true, Map.of(),
                    true);
        }

        /**
         * Free ports, a fresh database and no quota, for tests; the roster feed publishes every second and every
         * dashboard refresh reads IntakeQ again (no answer from a mirror read made moments before); webhooks off.
         */
        public static Options tests(Path root, Path workDir) {
            return new Options(root, workDir, "local_stack_it", true, Map.of(), 0, 0, 0,
                    "it-cron-secret", "it-internal-token", false, "it-webhook-secret", false,
                    Map.of("SYNC_ROSTER_PUBLISH_EVERY", "1s",
                            "APPOINTMENT_SYNC_MIRROR_BULK_MAX_AGE", "PT0S",
                            "APPOINTMENT_SYNC_MIRROR_PATIENT_MAX_AGE", "PT0S"), false);
        }

        /**
         * Signs users in through a real Keycloak (the repository's realm) and runs the dashboard: the services
         * trust Keycloak's keys instead of the stack's own, and the stack's calls use the operator client's tokens.
         */
        public Options withIdentityProvider() {
            return new Options(root, workDir, database, recreateDatabase, ports, simulatorPort, intakeqPerMinute,
                    intakeqPerDay, cronSecret, internalToken, brokerProcess, webhookSecret, webhooks, serviceEnv, true);
        }

        public Options withDatabase(String name) {
            return new Options(root, workDir, name, recreateDatabase, ports, simulatorPort, intakeqPerMinute,
                    intakeqPerDay, cronSecret, internalToken, brokerProcess, webhookSecret, webhooks, serviceEnv, identityProvider);
        }

        /** Runs the broker as its own process, so a test can stop and restart it (an outage). */
        public Options withBrokerProcess() {
            return new Options(root, workDir, database, recreateDatabase, ports, simulatorPort, intakeqPerMinute,
                    intakeqPerDay, cronSecret, internalToken, true, webhookSecret, webhooks, serviceEnv, identityProvider);
        }

        public Options withIntakeqQuota(int perMinute, int perDay) {
            return new Options(root, workDir, database, recreateDatabase, ports, simulatorPort, perMinute, perDay,
                    cronSecret, internalToken, brokerProcess, webhookSecret, webhooks, serviceEnv, identityProvider);
        }

        /** One more setting for every service (an environment variable). */
        public Options withServiceEnv(String name, String value) {
            Map<String, String> more = new HashMap<>(serviceEnv);
            more.put(name, value);
            return new Options(root, workDir, database, recreateDatabase, ports, simulatorPort, intakeqPerMinute,
                    intakeqPerDay, cronSecret, internalToken, brokerProcess, webhookSecret, webhooks, Map.copyOf(more),
                    identityProvider);
        }
    }

    /** The EHRbase simulator's port in the demo (8090 is IntakeQ's). */
    public static final int EHRBASE_DEMO_PORT = 8091;

    private final Options options;
    private final Postgres postgres;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private KafkaBroker broker;
    private KafkaProcess brokerProcess;
    private Map<String, String> env;
    private IntakeQSimulator intakeq;
    private EhrbaseSimulator ehrbase;
    private Keycloak keycloak;
    private final TestTokens tokens = TestTokens.generate();
    /** The realm's placeholders of this start (the dashboard's client secret among them). */
    private final Map<String, String> dashboardEnv = new HashMap<>();
    /** The IntakeQ simulator's clock: shifted, it creates data "modified weeks ago" (for incremental reads). */
    private final ShiftableClock intakeqClock = new ShiftableClock();

    private LocalStack(Options options, Postgres postgres) {
        this.options = options;
        this.postgres = postgres;
    }

    public static LocalStack start(Options options) {
        return start(options, Postgres.shared());
    }

    /** As {@link #start(Options)} on a given PostgreSQL server (the fault suite's own, which it stops and starts). */
    public static LocalStack start(Options options, Postgres postgres) {
        LocalStack stack = new LocalStack(options, postgres);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        if (options.recreateDatabase()) {
            postgres.recreateDatabase(options.database());
        } else {
            postgres.ensureDatabase(options.database());
        }
        try {
            Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (options.brokerProcess()) {
            brokerProcess = KafkaProcess.start(options.workDir().resolve("kafka-process"), 4);
            started.add(brokerProcess);
        } else {
            broker = KafkaBroker.start(options.workDir().resolve("kafka"), 4);
            started.add(broker);
        }
        intakeq = IntakeQSimulator.start(SimulatorConfig.defaults()
                .withPort(options.simulatorPort())
                .withRateLimit(options.intakeqPerMinute(), options.intakeqPerDay()), intakeqClock);
        started.add(intakeq);
        ehrbase = EhrbaseSimulator.start(io.recoverysync.simulator.ehrbase.SimulatorConfig.defaults()
                .withPort(options.simulatorPort() == 0 ? 0 : EHRBASE_DEMO_PORT));
        started.add(ehrbase);
        java.util.concurrent.CompletableFuture<Keycloak> identityProvider = null;
        int dashboardPort = 0;
        int keycloakPort = 0;
        if (options.identityProvider()) {
            boolean demo = options.simulatorPort() != 0;
            dashboardPort = demo ? DASHBOARD_DEMO_PORT : freePort();
            keycloakPort = demo ? KEYCLOAK_DEMO_PORT : freePort();
            Map<String, String> realm = Map.of(
                    "DASHBOARD_URL", "http://127.0.0.1:" + dashboardPort,
                    "DASHBOARD_CLIENT_SECRET", secret(),
                    "OPERATOR_CLIENT_SECRET", secret(),
                    "DEMO_USER_PASSWORD", DEMO_USER_PASSWORD);
            int port = keycloakPort;
            // Keycloak takes the longest to start: it starts beside the broker and the services
            identityProvider = java.util.concurrent.CompletableFuture.supplyAsync(() -> Keycloak.start(options.root(),
                    port, realm, options.workDir().resolve("logs"), Duration.ofMinutes(3)));
            dashboardEnv.putAll(realm);
        }
        Path publicKey = options.workDir().resolve("jwt-public-key.pem");
        try {
            Files.writeString(publicKey, tokens.publicKeyPem());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Integer> ports = new HashMap<>();
        for (String name : List.of(SCHEDULER, APPOINTMENTS, EHR, SYNC_LOG)) {
            ports.put(name, options.ports().getOrDefault(name, 0) == 0 ? freePort() : options.ports().get(name));
        }
        env = environment(ports.get(SCHEDULER), ports.get(APPOINTMENTS), ports.get(EHR), publicKey);
        if (options.identityProvider()) {
            String issuer = "http://127.0.0.1:" + keycloakPort + "/realms/" + Keycloak.REALM;
            env.put("JWT_ISSUER", issuer);
            env.put("JWT_PUBLIC_KEY_LOCATION", issuer + "/protocol/openid-connect/certs");
        }
        Path logs = options.workDir().resolve("logs");
        for (String name : List.of(SCHEDULER, APPOINTMENTS, EHR, SYNC_LOG)) {
            ServiceProcess process = ServiceProcess.start(options.root(), name, ports.get(name), env, logs, name);
            services.put(name, process);
            started.add(process);
        }
        if (identityProvider != null) {
            // the services are ready only once they can load Keycloak's JWKS (service-kit's token key readiness):
            // Keycloak, which kept starting beside them, is waited for first
            try {
                keycloak = identityProvider.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            started.add(0, keycloak); // stopped last
        }
        for (ServiceProcess process : services.values()) {
            process.awaitReady(Duration.ofSeconds(120));
        }
        if (identityProvider != null) {
            Map<String, String> web = new HashMap<>();
            web.put("OIDC_AUTH_SERVER_URL", keycloak.issuer());
            web.put("OIDC_CLIENT_SECRET", dashboardEnv.get("DASHBOARD_CLIENT_SECRET"));
            web.put("OIDC_ORIGIN", "http://127.0.0.1:" + keycloak.port());
            web.put("SCHEDULER_BASE_URL", "http://127.0.0.1:" + ports.get(SCHEDULER));
            web.put("APPOINTMENT_SYNC_BASE_URL", "http://127.0.0.1:" + ports.get(APPOINTMENTS));
            web.put("SYNC_LOG_BASE_URL", "http://127.0.0.1:" + ports.get(SYNC_LOG));
            web.put("EHR_SYNC_BASE_URL", "http://127.0.0.1:" + ports.get(EHR));
            web.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
            ServiceProcess dashboard = ServiceProcess.start(options.root(), DASHBOARD, dashboardPort, web, logs, DASHBOARD);
            services.put(DASHBOARD, dashboard);
            started.add(dashboard);
            dashboard.awaitReady(Duration.ofSeconds(120));
        }
        if (options.webhooks()) {
            intakeq.setWebhookUrl(webhookUrl(services.get(APPOINTMENTS)));
        }
    }

    /** The IntakeQ webhook URL of an appointment-sync instance (its path secret included). */
    public String webhookUrl(ServiceProcess appointmentSync) {
        return appointmentSync.url("/api/intakeq/webhook/" + options.webhookSecret());
    }

    /**
     * Starts {@code module} again on the port of its first instance, as an orchestrator restarts a crashed pod
     * behind the same service address (the other services keep calling it there), and waits until it is ready.
     * The instance it replaces must have ended ({@link ServiceProcess#kill()}).
     */
    public ServiceProcess restart(String module) {
        ServiceProcess old = services.get(module);
        if (old.isAlive()) {
            throw new IllegalStateException(module + " is still running");
        }
        String name = module + "-" + (started.size() + 1);
        ServiceProcess process = ServiceProcess.start(options.root(), module, old.port(), env,
                options.workDir().resolve("logs"), name);
        started.add(process);
        services.put(module, process);
        process.awaitReady(Duration.ofSeconds(120));
        return process;
    }

    /** Starts one more instance of {@code module} (a replica) on a free port; stopped with the stack. */
    public ServiceProcess startReplica(String module) {
        return startReplica(module, Map.of());
    }

    /** Starts one more instance of {@code module} with {@code moreEnv} on top of the stack's settings. */
    public ServiceProcess startReplica(String module, Map<String, String> moreEnv) {
        String name = module + "-" + (started.size() + 1);
        Map<String, String> replicaEnv = new HashMap<>(env);
        replicaEnv.putAll(moreEnv);
        ServiceProcess process = ServiceProcess.start(options.root(), module, freePort(), replicaEnv,
                options.workDir().resolve("logs"), name);
        started.add(process);
        process.awaitReady(Duration.ofSeconds(120));
        return process;
    }

    private Map<String, String> environment(int schedulerPort, int appointmentsPort, int ehrPort, Path jwtPublicKey) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("DB_REACTIVE_URL", postgres.reactiveUrl(options.database()));
        env.put("DB_JDBC_URL", postgres.jdbcUrl(options.database()));
        env.put("DB_USER", postgres.user());
        env.put("DB_PASSWORD", postgres.password());
        env.put("CRON_SECRET", options.cronSecret());
        env.put("INTERNAL_API_TOKEN", options.internalToken());
        env.put("INTAKEQ_BASE_URL", intakeq.baseUrl());
        env.put("INTAKEQ_API_KEY", intakeq.apiKey());
        env.put("INTAKEQ_REQUESTS_PER_MINUTE", Integer.toString(options.intakeqPerMinute()));
        env.put("INTAKEQ_REQUESTS_PER_DAY", Integer.toString(options.intakeqPerDay()));
        env.put("ROSTER_BASE_URL", "http://127.0.0.1:" + schedulerPort);
        // no trace collector on the local stack: without this, every service would retry exports to localhost:4317
        env.put("OTEL_SDK_DISABLED", "true");
        env.put("APPOINTMENT_SYNC_BASE_URL", "http://127.0.0.1:" + appointmentsPort);
        env.put("EHRBASE_BASE_URL", ehrbase.baseUrl());
        env.put("EHRBASE_USER", ehrbase.username());
        env.put("EHRBASE_PASSWORD", ehrbase.password());
        env.put("JWT_PUBLIC_KEY_LOCATION", jwtPublicKey.toAbsolutePath().toString());
        env.put("JWT_ISSUER", TestTokens.ISSUER);
        env.put("JWT_AUDIENCE", TestTokens.AUDIENCE);
        env.put("INTAKEQ_WEBHOOK_SECRET", options.webhookSecret());
        env.putAll(options.serviceEnv());
        return env;
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** The identity provider, when the stack runs one ({@link Options#withIdentityProvider()}); null otherwise. */
    public Keycloak keycloak() {
        return keycloak;
    }

    /**
     * A token of the ops role the services of this stack trust: the operator client's from Keycloak where the stack
     * runs one, else one signed with the stack's own key.
     */
    public String opsToken() {
        return keycloak != null ? keycloak.operatorToken() : tokens.ops();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    /** Every service instance started so far (replicas included), oldest first. */
    public List<ServiceProcess> services() {
        return started.stream().filter(c -> c instanceof ServiceProcess).map(c -> (ServiceProcess) c).toList();
    }

    /** The running instances of {@code module}: the first one and any replicas, oldest first. */
    public List<ServiceProcess> replicas(String module) {
        return started.stream()
                .filter(c -> c instanceof ServiceProcess p && p.name().startsWith(module) && p.isAlive())
                .map(c -> (ServiceProcess) c)
                .toList();
    }

    public ShiftableClock intakeqClock() {
        return intakeqClock;
    }

    public IntakeQSimulator intakeq() {
        return intakeq;
    }

    public String bootstrapServers() {
        return brokerProcess != null ? brokerProcess.bootstrapServers() : broker.bootstrapServers();
    }

    /** The broker process, when the stack runs one ({@link Options#withBrokerProcess()}); null otherwise. */
    public KafkaProcess brokerProcess() {
        return brokerProcess;
    }

    public Options options() {
        return options;
    }

    /**
     * Mints bearer tokens the services of this stack trust: the stack made its own key pair at start and handed
     * the public half to the services ({@code JWT_PUBLIC_KEY_LOCATION}).
     */
    public TestTokens tokens() {
        return tokens;
    }

    /** The EHRbase simulator the ehr-sync service posts compositions to. */
    public EhrbaseSimulator ehrbase() {
        return ehrbase;
    }

    /** A JDBC connection to the shared database (for seeding the roster and reading sync_logs). */
    public Connection database() throws SQLException {
        return postgres.connect(options.database());
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(options.database());
    }

    /** Stops the services first (so their consumers leave the group cleanly), then the simulator and the broker. */
    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(started);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        started.clear();
    }
}
