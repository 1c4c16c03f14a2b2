package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.recoverysync.simulator.kit.SimulatorHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A local stand-in for the IntakeQ (PracticeQ) Appointments API, serving real HTTP for tests, benchmarks and demos,
 * and posting appointment webhooks to a configured URL.
 *
 * <p>Choices where IntakeQ is undocumented (see {@code docs/reference/intakeq-api.md}):
 * <ul>
 *   <li>Every {@code /api/v1} request needs {@code X-Auth-Key}; a missing or wrong key gets 401 {@code Unauthorized}
 *       (text/plain) and does not consume quota.</li>
 *   <li>Quota: sliding 60 s window plus a per-UTC-day cap over authenticated requests to any {@code /api/v1} path;
 *       429 {@code Too Many Requests}; rejected requests are not counted against the budget.</li>
 *   <li>{@code startDate}/{@code endDate} are inclusive UTC days on {@code StartDate}; {@code updatedSince} means
 *       {@code LastModified >= } start of that UTC day; malformed dates, {@code page} or booleans give 400 text.</li>
 *   <li>An unknown {@code status} value simply matches nothing. Deleted appointments answer 404 by id.</li>
 *   <li>Empty listings ({@link #emptyNext}) answer {@code []} to the next appointment listings only.</li>
 *   <li>Injected failures ({@link #failNext}) and truncated bodies ({@link #malformedNext}) apply only to the
 *       appointment list and by-id endpoints, after the quota check, and consume quota.</li>
 *   <li>{@code GET /appointments/settings} lists every practitioner and the locations and services of the
 *       appointments added since the last {@link #clear()} (deleted ones included), in first-use order, with the
 *       ids appointments carry; a service's {@code Duration} is that of its first appointment, {@code Price} is
 *       always 150.0 and {@code Address} is made up.</li>
 *   <li>Storms ({@link #rateLimitFor}) and outages ({@link #unavailableFor}) answer every authenticated
 *       {@code /api/v1} request, after authentication and before the quota, so they consume none; a storm wins over
 *       an outage; both end on the simulator's clock. A storm's 429 has no {@code Retry-After} unless asked for.</li>
 *   <li>Webhooks: one URL for all appointment events. {@code AppointmentCreated} on add,
 *       {@code AppointmentRescheduled}, {@code AppointmentCanceled}, {@code AppointmentConfirmed} /
 *       {@code AppointmentDeclined} / {@code AppointmentMissed} on those statuses (none for WaitingConfirmation),
 *       {@code AppointmentDeleted} carrying the appointment as it was before the delete (the wire format has no
 *       deleted flag). Changes to an already deleted appointment fire nothing. {@code ActionPerformedByClient} is
 *       always false. The {@code Appointment} is rendered as {@code GET /appointments/{id}} would have rendered it at
 *       change time, shape switches included.</li>
 *   <li>Webhook delivery: any 2xx is success. A non-2xx answer, a connection error or a 5 s timeout is a failed
 *       attempt, retried after 1 s, 2 s, 4 s, ... up to 5 attempts ({@link #webhookRetry}), then dropped and counted.
 *       One delivery thread: deliveries leave in change order unless delayed, retried or duplicated, and a slow
 *       receiver delays the ones behind it. No signature (IntakeQ documents none); deliveries use no quota. Changes
 *       made while no URL is set are never replayed.</li>
 * </ul>
 * All methods are thread-safe (state is behind monitors); tests may mutate data while requests are in flight.
 */
public final class IntakeQSimulator implements AutoCloseable {

    private static final int WORKER_THREADS = 8;

    static {
        SimulatorHttp.useTcpNoDelay();
    }

    private final SimulatorConfig config;
    private final PracticeData data;
    private final RequestQuota quota;
    private final FaultPlan faults = new FaultPlan();
    private final Disruptions disruptions;
    private final RequestCounters counters = new RequestCounters();
    private final WireFormat wire;
    private final WebhookEmitter webhooks;
    private final HttpServer server;
    private final ExecutorService executor;

    private IntakeQSimulator(SimulatorConfig config, Clock clock) throws IOException {
        this.config = config;
        ObjectMapper mapper = new ObjectMapper();
        this.wire = new WireFormat(mapper, ZoneId.of(config.practiceTimeZone()));
        this.webhooks = new WebhookEmitter(wire, mapper, faults::wireOptions, config.apiKey());
        this.data = new PracticeData(clock, new PracticeData.ChangeSink() {
            @Override
            public boolean wanted() {
                return webhooks.enabled();
            }

            @Override
            public void changed(String eventType, PracticeData.AppointmentView view) {
                webhooks.enqueue(eventType, view);
            }
        });
        this.quota = new RequestQuota(clock, config.perMinute(), config.perDay());
        this.disruptions = new Disruptions(clock);
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        this.executor = SimulatorHttp.workers(WORKER_THREADS, "intakeq-sim");
        server.setExecutor(executor);
        server.createContext(ApiHandler.PREFIX, new ApiHandler(config.apiKey(), quota, faults, disruptions, counters, data,
                wire));
        server.createContext(AdminHandler.PREFIX, new AdminHandler(this, mapper));
        server.createContext("/", exchange -> HttpReply.text(404, SimulatorHttp.reason(404)).writeTo(exchange));
    }

    /** Binds and starts serving immediately. */
    public static IntakeQSimulator start(SimulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Like {@link #start(SimulatorConfig)} but with a clock for timestamps, the quota windows and the 10-day
     * deleted-visibility window, so tests can cross minute or day boundaries without sleeping.
     */
    public static IntakeQSimulator start(SimulatorConfig config, Clock clock) {
        try {
            IntakeQSimulator simulator = new IntakeQSimulator(config, clock);
            simulator.server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind IntakeQ simulator to " + config.host() + ":" + config.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://<host>:<port>/api/v1}, no trailing slash. */
    public String baseUrl() {
        return rootUrl() + ApiHandler.PREFIX;
    }

    /** {@code http://<host>:<port>}, where the {@code /_sim} admin endpoints live. */
    public String rootUrl() {
        return SimulatorHttp.rootUrl(config.host(), port());
    }

    public String apiKey() {
        return config.apiKey();
    }

    public SimulatorConfig config() {
        return config;
    }

    /** Adds or replaces a client; replacing keeps its original DateCreated. */
    public SimClient addClient(int clientId, String name, String email, String phone) {
        return data.addClient(clientId, name, email, phone);
    }

    /**
     * Adds or replaces many clients under one lock acquisition (for scale tests); if any id is not positive, none
     * is added ({@link IllegalArgumentException}).
     */
    public List<SimClient> addClients(Collection<SimClient> clients) {
        return data.addClients(clients);
    }

    public SimPractitioner addPractitioner(String practitionerId, String name, String email) {
        return data.addPractitioner(practitionerId, name, email);
    }

    /**
     * Creates a Confirmed appointment with a deterministic 24-hex id (a per-simulator counter that {@link #clear()}
     * does not reset). Client and practitioner must exist, otherwise {@link IllegalArgumentException}.
     * Queues {@code AppointmentCreated} when a webhook URL is set.
     */
    public SimAppointment addAppointment(int clientId, String practitionerId, Instant start, int durationMinutes,
                                         String serviceName, String locationName, String telehealthStartUrl) {
        return data.addAppointment(clientId, practitionerId, start, durationMinutes, serviceName, locationName,
                telehealthStartUrl);
    }

    /**
     * Adds many appointments in order, like {@link #addAppointment} for each, under one lock acquisition (for scale
     * tests). All are checked first: one with an unknown client or practitioner fails the call and adds none.
     * Queues one {@code AppointmentCreated} per appointment when a webhook URL is set.
     */
    public List<SimAppointment> addAppointments(Collection<NewAppointment> appointments) {
        return data.addAppointments(appointments);
    }

    /** Current state, or null if unknown. */
    public SimAppointment appointment(String id) {
        return data.appointment(id);
    }

    /** All appointments in creation order, including deleted ones. */
    public List<SimAppointment> appointments() {
        return data.appointments();
    }

    public List<SimClient> clients() {
        return data.clients();
    }

    public List<SimPractitioner> practitioners() {
        return data.practitioners();
    }

    public int appointmentCount() {
        return data.appointmentCount();
    }

    /**
     * Moves the appointment keeping its duration; bumps LastModified; queues {@code AppointmentRescheduled}.
     * Unknown id: {@link IllegalArgumentException}.
     */
    public void reschedule(String appointmentId, Instant newStart) {
        data.reschedule(appointmentId, newStart);
    }

    /** Status Canceled with FullCancellationReason and CancellationDate; bumps LastModified; queues {@code AppointmentCanceled}. */
    public void cancel(String appointmentId, String reason) {
        data.cancel(appointmentId, reason);
    }

    /**
     * Sets any status (e.g. {@code Missed}, {@code Declined}); bumps LastModified. Values are not validated.
     * Queues {@code AppointmentConfirmed}, {@code AppointmentDeclined}, {@code AppointmentMissed} or
     * {@code AppointmentCanceled} for those statuses; other values (WaitingConfirmation) fire no webhook.
     */
    public void setStatus(String appointmentId, String status) {
        data.setStatus(appointmentId, status);
    }

    /**
     * Soft delete: hidden from normal queries and by-id lookups, listed by {@code deletedOnly=true} for 10 days.
     * Queues {@code AppointmentDeleted} carrying the appointment as it was before the delete. Changes to an
     * appointment already deleted fire no webhook.
     */
    public void delete(String appointmentId) {
        data.delete(appointmentId);
    }

    /** Limits of 0 or less mean unlimited. Requests already counted stay counted. */
    public void setRateLimit(int perMinute, int perDay) {
        quota.setLimits(perMinute, perDay);
    }

    /** NONE (default) or AUTO; replaces any fixed value from {@link #setRetryAfterSeconds(int)}. */
    public void setRetryAfter(RetryAfter mode) {
        quota.setRetryAfter(mode);
    }

    /** Sends {@code Retry-After: <seconds>} on every 429 from now on. */
    public void setRetryAfterSeconds(int seconds) {
        quota.setRetryAfterSeconds(seconds);
    }

    /**
     * A 429 storm: for {@code duration} of the simulator's clock every authenticated {@code /api/v1} request is
     * answered 429 whatever the quota says, with no Retry-After ({@link RetryAfter#NONE}) or the storm's remaining
     * seconds ({@link RetryAfter#AUTO}). Counted as rate-limited; consumes no quota. Zero or negative ends a storm.
     */
    public void rateLimitFor(Duration duration, RetryAfter mode) {
        disruptions.rateLimitFor(duration, mode, null);
    }

    /** Like {@link #rateLimitFor(Duration, RetryAfter)} with {@code Retry-After: <retryAfterSeconds>} on every 429. */
    public void rateLimitFor(Duration duration, int retryAfterSeconds) {
        disruptions.rateLimitFor(duration, RetryAfter.NONE, retryAfterSeconds);
    }

    /**
     * An outage: for {@code duration} of the simulator's clock every authenticated {@code /api/v1} request is
     * answered {@code httpStatus} (500..599, e.g. 503) with a plain-text body. Counted as failed-injected; consumes
     * no quota. Zero or negative ends an outage.
     */
    public void unavailableFor(Duration duration, int httpStatus) {
        disruptions.unavailableFor(duration, httpStatus);
    }

    /** Ends any storm and outage at once. */
    public void calm() {
        disruptions.calm();
    }

    /**
     * Where appointment webhooks go from now on (absolute http or https URL); null or blank turns them off.
     * Changes made while it is off queue nothing and are not replayed later, so seed first, then set the URL.
     * Events already queued keep the URL they were queued for.
     */
    public void setWebhookUrl(String url) {
        webhooks.setUrl(url);
    }

    /** The webhook URL, or null when webhooks are off. */
    public String webhookUrl() {
        return webhooks.url();
    }

    /** {@code PracticeId} of webhook bodies (default {@code sim-practice}); null or blank restores the default. */
    public void setPracticeId(String practiceId) {
        webhooks.setPracticeId(practiceId);
    }

    public String practiceId() {
        return webhooks.practiceId();
    }

    /**
     * Retry policy for events queued from now on: at most {@code maxAttempts} tries (default 5) per delivery, the
     * first retry {@code firstDelay} (default 1 s) after a failed try, each later one twice the previous wait.
     */
    public void webhookRetry(int maxAttempts, Duration firstDelay) {
        webhooks.setRetry(maxAttempts, firstDelay);
    }

    /** Events queued from now on are delivered twice (two independent deliveries, each counted and retried). */
    public void duplicateWebhooks(boolean on) {
        webhooks.setDuplicate(on);
    }

    /**
     * Events queued from now on wait {@code delay} before their first try; events queued with a shorter delay may
     * overtake them (out-of-order delivery). Null or negative means none.
     */
    public void webhookDelay(Duration delay) {
        webhooks.setDelay(delay);
    }

    /**
     * Whether deliveries queued from now on carry {@code X-Auth-Key: <api key>} (default off). IntakeQ documents no
     * webhook signature or auth header; this only lets a receiver be tested with a shared secret.
     */
    public void webhookAuthHeader(boolean on) {
        webhooks.setAuthHeader(on);
    }

    /**
     * Called on the delivery thread after each delivery the receiver answered 2xx, before that delivery counts as
     * finished for {@link #awaitWebhooksIdle}. Replaces the previous listener; null removes it. Exceptions are
     * swallowed.
     */
    public void onWebhookDelivered(Consumer<WebhookDelivery> listener) {
        webhooks.setListener(listener);
    }

    /**
     * Waits until no webhook delivery is queued, waiting for a retry or in flight (listeners included). True when
     * idle, false when {@code timeout} passed first.
     */
    public boolean awaitWebhooksIdle(Duration timeout) {
        try {
            return webhooks.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Deliveries queued (a duplicated event counts twice), so at rest queued = delivered + dropped. */
    public long webhooksQueued() {
        return webhooks.queued();
    }

    /** Deliveries the receiver answered 2xx. */
    public long webhooksDelivered() {
        return webhooks.delivered();
    }

    /** Tries that got a non-2xx answer, a connection error or a timeout. */
    public long webhookFailedAttempts() {
        return webhooks.failedAttempts();
    }

    /** Deliveries given up after their last attempt failed. */
    public long webhooksDropped() {
        return webhooks.dropped();
    }

    /** Deliveries queued, waiting for a retry or in flight now. */
    public int webhooksPending() {
        return webhooks.pending();
    }

    /** The next {@code count} accepted appointment requests answer {@code httpStatus} with a plain-text body. */
    public void failNext(int count, int httpStatus) {
        faults.failNext(count, httpStatus);
    }

    /** The next {@code count} successful appointment responses are 200 with the JSON body cut in half. */
    public void malformedNext(int count) {
        faults.malformedNext(count);
    }

    /**
     * The next {@code count} appointment listings answer an empty page ({@code []}) whatever the data, as a glitching
     * API might; by-id reads still answer the truth.
     */
    public void emptyNext(int count) {
        faults.emptyNext(count);
    }

    /** Delay added before every {@code /api/v1} response (including 401 and 429). */
    public void setLatency(Duration latency) {
        faults.setLatency(latency);
    }

    public void setExtraUnknownFields(boolean on) {
        faults.setExtraUnknownFields(on);
    }

    public void setClientIdAsString(boolean on) {
        faults.setClientIdAsString(on);
    }

    public void setLocationIdAsNumber(boolean on) {
        faults.setLocationIdAsNumber(on);
    }

    /** Authenticated requests that got past the quota (and so count against it). */
    public long acceptedRequests() {
        return counters.accepted();
    }

    /** Accepted {@code GET /appointments} without {@code client}: practice-wide pages (each page is one request). */
    public long practiceListRequests() {
        return counters.accepted(RequestKind.PRACTICE_LIST);
    }

    /** Accepted {@code GET /appointments?client=...}: per-client pages. */
    public long clientListRequests() {
        return counters.accepted(RequestKind.CLIENT_LIST);
    }

    /** Accepted {@code GET /appointments/{id}} (404s for unknown ids included). */
    public long byIdRequests() {
        return counters.accepted(RequestKind.BY_ID);
    }

    /** Accepted {@code GET /appointments/settings}. */
    public long settingsRequests() {
        return counters.accepted(RequestKind.SETTINGS);
    }

    /** Accepted {@code GET /clients}. */
    public long clientsRequests() {
        return counters.accepted(RequestKind.CLIENTS);
    }

    long acceptedRequests(RequestKind kind) {
        return counters.accepted(kind);
    }

    /** 429 answers sent: quota rejections and storm answers. */
    public long rateLimitedRequests() {
        return counters.rateLimited();
    }

    /** Answers replaced by {@link #failNext} or by an outage ({@link #unavailableFor}). */
    public long failedInjectedRequests() {
        return counters.failedInjected();
    }

    /** Answers truncated by {@link #malformedNext}. */
    public long malformedInjectedRequests() {
        return counters.malformedInjected();
    }

    /** 401 answers sent. */
    public long unauthorizedRequests() {
        return counters.unauthorized();
    }

    /**
     * Accepted requests whose path starts with {@code pathPrefix}. Both full paths ({@code /api/v1/appointments})
     * and paths relative to the base URL ({@code /appointments}) are accepted, since callers hold either. A prefix
     * counts everything below it ({@code /appointments} includes {@code /appointments/settings} and by-id reads);
     * the by-kind getters ({@link #practiceListRequests()} ...) count exactly one kind each.
     */
    public long requestsForPath(String pathPrefix) {
        if (pathPrefix.startsWith("/") && !pathPrefix.startsWith(ApiHandler.PREFIX)) {
            return counters.acceptedForPrefix(ApiHandler.PREFIX + pathPrefix);
        }
        return counters.acceptedForPrefix(pathPrefix);
    }

    /**
     * Zeroes all counters (webhook counters included) and also empties the quota windows, so a test starts with a
     * full budget. Webhook deliveries still pending are counted when they finish.
     */
    public void resetCounters() {
        counters.reset();
        quota.reset();
        webhooks.resetCounters();
    }

    /**
     * Removes all clients, practitioners and appointments, resets counters, quota windows and faults, ends storms
     * and outages. Keeps the rate-limit and Retry-After settings, the webhook settings (and deliveries already
     * queued) and the appointment id counter. Fires no webhooks.
     */
    public void clear() {
        data.clear();
        faults.reset();
        disruptions.calm();
        resetCounters();
    }

    /** Stops serving at once; in-flight requests may be cut off and pending webhook deliveries are abandoned. */
    @Override
    public void close() {
        webhooks.close();
        server.stop(0);
        SimulatorHttp.stop(executor);
    }

    Disruptions disruptions() {
        return disruptions;
    }

    /** Wire-format JSON of any appointment (deleted included) for the admin endpoints. */
    byte[] wireJson(String appointmentId) {
        PracticeData.AppointmentView view = data.viewOf(appointmentId);
        if (view == null) {
            throw new IllegalArgumentException("unknown appointment " + appointmentId);
        }
        return wire.appointmentBytes(view, faults.wireOptions());
    }
}
