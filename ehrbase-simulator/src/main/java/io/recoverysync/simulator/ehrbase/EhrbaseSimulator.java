package io.recoverysync.simulator.ehrbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.recoverysync.simulator.kit.SimulatorHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A local stand-in for EHRbase 2.x's openEHR REST API, serving real HTTP for tests, benchmarks and demos.
 *
 * <p>Follows {@code docs/reference/ehrbase-api.md} (observed on a real EHRbase): base path
 * {@code /ehrbase/rest/openehr/v1}; Basic auth with Spring's 401 body; {@code {"error","message"}} bodies;
 * EHR create (POST, PUT with client id) → 201 with {@code Location} and quoted {@code ETag}, 409 for a taken
 * subject or id; GET by subject; OPT upload (XML only: 415 for other content types, 406 when Accept excludes XML,
 * 409 when present); FLAT compositions for {@code RIPPLE - Clinical Notes.v1} → 204 with {@code Location} (bare
 * uuid) and {@code ETag "uuid::system::1"}, 201 with {@code Prefer: return=representation}, client-supplied
 * {@code _uid} rules (412 for a repeated uid, a foreign system id or a version other than 1), 400 for unknown
 * paths, a missing composer or bad dates, 422 for template-constraint violations; PUT with an unquoted
 * {@code If-Match} (quoted → 400 "UUID string too large", stale → 412 with the current ETag).
 *
 * <p>Simulator choices where the reference is silent are marked {@code [sim]} in the code: only FLAT
 * compositions are accepted; templates other than the Ripple one get {@code ctx/} checks only; GET of a
 * composition without {@code format=FLAT} returns a canonical outline. Faults: {@link #setOutage} (503),
 * {@link #goOffline()} (connection refused), {@link #failNext}, {@link #setLatency}. All methods are thread-safe.
 */
public final class EhrbaseSimulator implements AutoCloseable {

    private static final int WORKER_THREADS = 16;

    static {
        SimulatorHttp.useTcpNoDelay();
    }

    private final SimulatorConfig config;
    private final CdrState state = new CdrState();
    private final FaultPlan faults = new FaultPlan();
    private final RequestLog log = new RequestLog();
    private final List<Consumer<StoredComposition>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final OpenEhrHandler api;
    private final AdminHandler admin;
    private final Object serverLock = new Object();
    private HttpServer server;
    private int port;

    private EhrbaseSimulator(SimulatorConfig config) {
        this.config = config;
        this.executor = SimulatorHttp.workers(WORKER_THREADS, "ehrbase-sim");
        this.api = new OpenEhrHandler(config, state, faults, log, this::notifyStored);
        this.admin = new AdminHandler(this, new ObjectMapper());
    }

    /** Binds and starts serving immediately. */
    public static EhrbaseSimulator start(SimulatorConfig config) {
        EhrbaseSimulator simulator = new EhrbaseSimulator(config);
        simulator.bind(config.port());
        return simulator;
    }

    private void bind(int wantedPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(config.host(), wantedPort), 128);
            s.setExecutor(executor);
            s.createContext(OpenEhrHandler.BASE, api);
            s.createContext(AdminHandler.PREFIX, admin);
            s.createContext("/", exchange -> HttpReply.springError(404, exchange.getRequestURI().getPath()).writeTo(exchange));
            s.start();
            server = s;
            port = s.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind EHRbase simulator to " + config.host() + ":" + wantedPort, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://<host>:<port>/ehrbase/rest/openehr/v1}, no trailing slash. */
    public String baseUrl() {
        return rootUrl() + OpenEhrHandler.BASE;
    }

    /** {@code http://<host>:<port>}, where the {@code /_sim} admin endpoints live. */
    public String rootUrl() {
        return SimulatorHttp.rootUrl(config.host(), port);
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The Basic-auth user, null when authentication is off. */
    public String username() {
        return config.user();
    }

    public String password() {
        return config.password();
    }

    /** The {@code server.nodename} inside every version uid. */
    public String systemId() {
        return faults.nodeNameOr(config.systemId());
    }

    /**
     * As if EHRbase were restarted with another {@code server.nodename}: new version uids carry it and a composition
     * uid with another system id is refused with 412 "Mismatch of creating_system_id". {@link #resetFaults()} restores
     * the configured one.
     */
    /**
     * The next {@code count} composition POSTs store the composition but answer 500 DuplicateKeyException, as EHRbase
     * 2.29 answers the loser of two concurrent POSTs of one composition.
     */
    public void duplicateKeyNext(int count) {
        faults.duplicateKeyNext(count);
    }

    public void setNodeName(String nodeName) {
        faults.setNodeName(nodeName);
    }

    // ---- state ----

    public List<SimEhr> ehrs() {
        return state.ehrs();
    }

    public Optional<SimEhr> ehrBySubject(String subjectId, String namespace) {
        return state.ehrBySubject(subjectId, namespace);
    }

    /** Every composition with all its versions, in creation order. */
    public List<SimComposition> compositions() {
        return state.compositions();
    }

    /** The composition with this versioned object uid (bare uuid). */
    public Optional<SimComposition> composition(String uuid) {
        return state.composition(uuid.toLowerCase(java.util.Locale.ROOT));
    }

    public List<String> templateIds() {
        return state.templates().stream().map(OperationalTemplate::templateId).toList();
    }

    /** Called (on a server thread) after every committed composition version. */
    public void onCompositionStored(Consumer<StoredComposition> listener) {
        listeners.add(listener);
    }

    private void notifyStored(StoredComposition stored) {
        for (Consumer<StoredComposition> l : listeners) {
            l.accept(stored);
        }
    }

    // ---- faults ----

    /** While on, every openEHR request answers 503 (a proxy in front of a stopped EHRbase); the admin API still works. */
    public void setOutage(boolean on) {
        faults.setOutage(on);
    }

    /**
     * Stops listening: connections are refused until {@link #goOnline()} binds the same port again. State is kept.
     */
    public void goOffline() {
        synchronized (serverLock) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
    }

    /** Listens again on the same port after {@link #goOffline()}. */
    public void goOnline() {
        synchronized (serverLock) {
            if (server == null) {
                bind(port);
            }
        }
    }

    public boolean isOnline() {
        synchronized (serverLock) {
            return server != null;
        }
    }

    /** The next {@code count} authenticated requests answer {@code httpStatus} with EHRbase's error body. */
    public void failNext(int count, int httpStatus) {
        faults.failNext(count, httpStatus, null);
    }

    /** Like {@link #failNext(int, int)} with {@code message} as the body's {@code message}. */
    public void failNext(int count, int httpStatus, String message) {
        faults.failNext(count, httpStatus, message);
    }

    /**
     * The next {@code count} answers to authenticated openEHR requests arrive cut off: same status, half the body, no
     * {@code ETag} or {@code Location}. The requests themselves take effect as usual (an EHR or composition is stored).
     */
    public void garbleNext(int count) {
        faults.garbleNext(count);
    }

    /**
     * An EHR for {@code subjectId} made outside the service under test (another system, an earlier installation),
     * as {@code PUT /ehr/{id}} would make it; 409-style {@link IllegalStateException} when the subject has one.
     */
    public SimEhr createEhr(String subjectId, String subjectNamespace) {
        try {
            return state.createEhr(UUID.randomUUID().toString(), subjectId, subjectNamespace, Instant.now());
        } catch (CdrException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Ends every fault: outage off, listening again, no queued failures or garbled answers, no latency. State and
     * counters stay.
     */
    public void resetFaults() {
        goOnline();
        faults.reset();
    }

    /** Delay added to every openEHR request before it is handled (server processing time; commits happen after it). */
    /**
     * openEHR requests being handled right now: a request slowed by {@link #setLatency} is still handled (and may
     * take a queued failure) after its client timed out, so a test that slowed the simulator waits for none.
     */
    public int inFlight() {
        return api.inFlight();
    }

    public void setLatency(Duration latency) {
        faults.setLatency(latency);
    }

    // ---- accounting ----

    /** All openEHR requests answered (any status). */
    public long requestCount() {
        return log.total();
    }

    /**
     * Answers whose {@code "METHOD /route status"} key starts with {@code prefix}, routes in template form:
     * {@code requests("POST /ehr/{ehr_id}/composition ")}, {@code requests("PUT /ehr/{ehr_id} 409")}.
     */
    public long requests(String prefix) {
        return log.count(prefix);
    }

    /** Answers with this status on any route. */
    public long answered(int status) {
        return log.withStatus(status);
    }

    /** Every answer key with its count, for diagnostics. */
    public Map<String, Long> requestLog() {
        return log.snapshot();
    }

    public void resetCounters() {
        log.reset();
    }

    /** Removes all EHRs, templates and compositions, resets counters and faults. */
    public void clear() {
        state.clear();
        faults.reset();
        log.reset();
    }

    /** Stops serving at once; in-flight requests may be cut off. */
    @Override
    public void close() {
        goOffline();
        SimulatorHttp.stop(executor);
    }
}
