package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recoverysync.simulator.intakeq.PracticeData.AppointmentView;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Posts IntakeQ-shaped appointment webhooks to the configured URL, on one daemon thread of its own.
 *
 * <p>A data change only enqueues (under the data lock, so events are queued in change order with the appointment's
 * state at that moment); rendering and HTTP happen on the delivery thread, so a change never waits for the receiver.
 * Each delivery is retried on a non-2xx answer or a connection error with doubling backoff, then dropped and counted.
 * With no delay and no retries pending, deliveries leave in change order; retries, {@code webhookDelay} and
 * duplicates are how a test gets them out of order. One thread means a slow receiver delays the deliveries behind it
 * (each attempt times out after {@link #ATTEMPT_TIMEOUT}).
 *
 * <p>Lock order: the data monitor, then this one (then the fault plan's); nothing here calls back into the data.
 */
final class WebhookEmitter implements AutoCloseable {

    static final String CREATED = "AppointmentCreated";
    static final String RESCHEDULED = "AppointmentRescheduled";
    static final String CANCELED = "AppointmentCanceled";
    static final String CONFIRMED = "AppointmentConfirmed";
    static final String DECLINED = "AppointmentDeclined";
    static final String MISSED = "AppointmentMissed";
    static final String DELETED = "AppointmentDeleted";

    static final String DEFAULT_PRACTICE_ID = "sim-practice";
    static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    /** The event a status change fires, or null for statuses without one (WaitingConfirmation, unknown values). */
    static String eventForStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case SimAppointment.CONFIRMED -> CONFIRMED;
            case SimAppointment.DECLINED -> DECLINED;
            case SimAppointment.MISSED -> MISSED;
            case SimAppointment.CANCELED -> CANCELED;
            default -> null;
        };
    }

    /** What a change hands over; everything in it is immutable, so it is the state at change time. */
    private static final class Event {
        final String eventType;
        final AppointmentView view;
        final WireFormat.Options options;
        final String url;
        final String practiceId;
        final String authKey;
        final int maxAttempts;
        final Duration firstRetryDelay;
        private byte[] body;

        Event(String eventType, AppointmentView view, WireFormat.Options options, String url, String practiceId,
              String authKey, int maxAttempts, Duration firstRetryDelay) {
            this.eventType = eventType;
            this.view = view;
            this.options = options;
            this.url = url;
            this.practiceId = practiceId;
            this.authKey = authKey;
            this.maxAttempts = maxAttempts;
            this.firstRetryDelay = firstRetryDelay;
        }

        int clientId() {
            return view.appointment().clientId();
        }

        String appointmentId() {
            return view.appointment().id();
        }
    }

    /** One copy of an event on its way (a duplicated event has two, each with its own retries). */
    private static final class Copy {
        final Event event;
        int attempts;
        Instant firstAttemptAt;

        Copy(Event event) {
            this.event = event;
        }
    }

    private final WireFormat wire;
    private final ObjectMapper mapper;
    private final Supplier<WireFormat.Options> wireOptions;
    private final String apiKey;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor scheduler;

    private String url;
    private String practiceId = DEFAULT_PRACTICE_ID;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration firstRetryDelay = DEFAULT_FIRST_RETRY_DELAY;
    private boolean duplicate;
    private Duration delay = Duration.ZERO;
    private boolean authHeader;
    private Consumer<WebhookDelivery> listener;

    private long queued;
    private long delivered;
    private long failedAttempts;
    private long dropped;
    private int pending;
    private boolean closed;

    WebhookEmitter(WireFormat wire, ObjectMapper mapper, Supplier<WireFormat.Options> wireOptions, String apiKey) {
        this.wire = wire;
        this.mapper = mapper;
        this.wireOptions = wireOptions;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(ATTEMPT_TIMEOUT)
                .build();
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "intakeq-sim-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    synchronized void setUrl(String newUrl) {
        if (newUrl == null || newUrl.isBlank()) {
            url = null;
            return;
        }
        URI uri;
        try {
            uri = URI.create(newUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a webhook URL: " + newUrl, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("webhook URL must be absolute http(s): " + newUrl);
        }
        url = uri.toString();
    }

    synchronized String url() {
        return url;
    }

    synchronized void setPracticeId(String id) {
        practiceId = id == null || id.isBlank() ? DEFAULT_PRACTICE_ID : id;
    }

    synchronized String practiceId() {
        return practiceId;
    }

    synchronized void setRetry(int attempts, Duration firstDelay) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt: " + attempts);
        }
        if (firstDelay == null || firstDelay.isNegative()) {
            throw new IllegalArgumentException("first retry delay must not be negative: " + firstDelay);
        }
        maxAttempts = attempts;
        firstRetryDelay = firstDelay;
    }

    synchronized void setDuplicate(boolean on) {
        duplicate = on;
    }

    synchronized void setDelay(Duration d) {
        delay = d == null || d.isNegative() ? Duration.ZERO : d;
    }

    synchronized void setAuthHeader(boolean on) {
        authHeader = on;
    }

    synchronized void setListener(Consumer<WebhookDelivery> l) {
        listener = l;
    }

    /** Cheap check for the data layer: with no URL a change does not even build a view. */
    synchronized boolean enabled() {
        return url != null && !closed;
    }

    /** Queues {@code eventType} for {@code view} (the appointment's state now) with the settings in force now. */
    void enqueue(String eventType, AppointmentView view) {
        WireFormat.Options options = wireOptions.get();
        synchronized (this) {
            if (url == null || closed) {
                return;
            }
            Event event = new Event(eventType, view, options, url, practiceId, authHeader ? apiKey : null,
                    maxAttempts, firstRetryDelay);
            int copies = duplicate ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                queued++;
                pending++;
                schedule(new Copy(event), delay);
            }
        }
    }

    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized long queued() {
        return queued;
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long failedAttempts() {
        return failedAttempts;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized int pending() {
        return pending;
    }

    /** Zeroes the counters; deliveries still pending are counted when they finish. */
    synchronized void resetCounters() {
        queued = 0;
        delivered = 0;
        failedAttempts = 0;
        dropped = 0;
    }

    /** Stops delivering at once: pending deliveries are abandoned (not counted) and waiters are released. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            pending = 0;
            notifyAll();
        }
        scheduler.shutdownNow();
    }

    // Called with this monitor held.
    private void schedule(Copy copy, Duration after) {
        try {
            scheduler.schedule(() -> attempt(copy), after.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            // closed meanwhile; close() already released the waiters
        }
    }

    /** One try of one copy, on the delivery thread. */
    private void attempt(Copy copy) {
        Event event = copy.event;
        copy.attempts++;
        Instant attemptAt = Instant.now();
        if (copy.firstAttemptAt == null) {
            copy.firstAttemptAt = attemptAt;
        }
        int status = post(event);
        if (Thread.currentThread().isInterrupted()) {
            return; // close(): shutdownNow interrupted us
        }
        if (status >= 200 && status < 300) {
            Consumer<WebhookDelivery> l;
            synchronized (this) {
                delivered++;
                l = listener;
            }
            try {
                if (l != null) {
                    l.accept(new WebhookDelivery(event.eventType, event.appointmentId(), event.clientId(),
                            copy.firstAttemptAt, Instant.now(), copy.attempts, status));
                }
            } catch (RuntimeException listenerBug) {
                // a test's listener must not stop deliveries
            } finally {
                finished();
            }
            return;
        }
        synchronized (this) {
            failedAttempts++;
            if (copy.attempts >= event.maxAttempts || closed) {
                dropped++;
                finishedLocked();
                return;
            }
            // 1st retry after firstRetryDelay, then doubling; the shift is capped so it cannot overflow.
            schedule(copy, event.firstRetryDelay.multipliedBy(1L << Math.min(copy.attempts - 1, 20)));
        }
    }

    /** The receiver's status, or -1 for a connection error, a timeout or a request that could not be built. */
    private int post(Event event) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(event.url))
                    .timeout(ATTEMPT_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body(event)));
            if (event.authKey != null) {
                request.header(ApiHandler.AUTH_HEADER, event.authKey);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | RuntimeException e) {
            // RuntimeException: nothing may escape to the scheduler, or the delivery would stay pending for ever.
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Rendered once per event on the delivery thread, shared by its copies and retries. */
    private byte[] body(Event event) {
        synchronized (event) {
            if (event.body == null) {
                ObjectNode n = mapper.createObjectNode();
                n.put("EventType", event.eventType);
                n.put("ActionPerformedByClient", false);
                n.set("Appointment", wire.appointment(event.view, event.options));
                n.put("ClientId", event.clientId());
                n.put("PracticeId", event.practiceId);
                event.body = wire.bytes(n);
            }
            return event.body;
        }
    }

    private synchronized void finished() {
        finishedLocked();
    }

    private void finishedLocked() {
        if (pending > 0) {
            pending--;
        }
        if (pending == 0) {
            notifyAll();
        }
    }
}
