package io.recoverysync.appointments.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.ReasonCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Reads appointments from IntakeQ (a practice-wide or one client's listing page by page, or one appointment by id);
 * every request draws from the shared
 * {@link QuotaBudget} in its {@link Lane}. 429s honour Retry-After (or wait out the minute) for all replicas; 5xx, timeouts and connection errors retry with exponential back-off and
 * jitter; 401/403 fail at once. IntakeQ's failures surface as {@link SyncFailure} with an IntakeQ reason code; a
 * failure of our own (the budget's PostgreSQL table) propagates as it is, never as an IntakeQ reason.
 */
@ApplicationScoped
public class IntakeQClient {
    private static final Logger LOG = Logger.getLogger(IntakeQClient.class);

    private final IntakeQApi api;
    private final QuotaBudget quota;
    private final AppointmentSyncConfig.IntakeQ config;
    private final MeterRegistry registry;

    public IntakeQClient(@RestClient IntakeQApi api, QuotaBudget quota, AppointmentSyncConfig config,
            MeterRegistry registry) {
        this.api = api;
        this.quota = quota;
        this.config = config.intakeq();
        this.registry = registry;
    }

    /**
     * What to list: {@code client} (an email or name; null for the whole practice), the window's dates (inclusive,
     * as IntakeQ reads them), {@code updatedSince} for an incremental read (null: everything in the window) and
     * {@code deletedOnly} for IntakeQ's recently deleted appointments.
     */
    public record Query(String client, LocalDate startDate, LocalDate endDate, LocalDate updatedSince,
            boolean deletedOnly) {
    }

    /**
     * Reads every page of {@code query} (100 per page until a short one), handing each to {@code perPage} before the
     * next is requested; the number of pages read.
     */
    public Uni<Integer> read(Lane lane, Query query, Function<List<IntakeQAppointment>, Uni<Void>> perPage) {
        String apiKey = apiKey();
        if (apiKey == null) {
            return Uni.createFrom().failure(noKey());
        }
        return pagesFrom(lane, apiKey, query, 1, perPage);
    }

    /** Every appointment {@code query} lists. */
    public Uni<List<IntakeQAppointment>> readAll(Lane lane, Query query) {
        List<IntakeQAppointment> all = new ArrayList<>();
        return read(lane, query, page -> {
            all.addAll(page);
            return Uni.createFrom().voidItem();
        }).map(pages -> all);
    }

    /** One appointment by id ({@code GET /appointments/{id}}); empty when IntakeQ answers 404 (unknown or deleted). */
    public Uni<Optional<IntakeQAppointment>> appointment(Lane lane, String id) {
        String apiKey = apiKey();
        if (apiKey == null) {
            return Uni.createFrom().failure(noKey());
        }
        return send(lane, () -> api.appointment(apiKey, id), "appointment by id", new Attempts(1, 0),
                response -> response.getStatus() == 404
                        ? Uni.createFrom().item(Optional.<IntakeQAppointment>empty())
                        : null,
                body -> Optional.of(parseOne(body)));
    }

    /** A practitioner of the practice as {@code GET /appointments/settings} lists it (name: its CompleteName). */
    public record Practitioner(String id, String email, String name) {
    }

    /** The practice's practitioners ({@code GET /appointments/settings}, one request). */
    public Uni<List<Practitioner>> practitioners(Lane lane) {
        String apiKey = apiKey();
        if (apiKey == null) {
            return Uni.createFrom().failure(noKey());
        }
        return send(lane, () -> api.settings(apiKey), "settings", new Attempts(1, 0), response -> null,
                IntakeQClient::parsePractitioners);
    }

    static List<Practitioner> parsePractitioners(String body) {
        JsonNode root;
        try {
            root = ContractJson.mapper().readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, "body is not JSON");
        }
        JsonNode list = root == null ? null : root.get("Practitioners");
        if (list == null || !list.isArray()) {
            throw new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, "settings without a Practitioners array");
        }
        List<Practitioner> practitioners = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode id = p.get("Id");
            if (id != null && !id.isNull() && !id.isContainerNode() && !id.asText().isBlank()) {
                practitioners.add(new Practitioner(id.asText(), text(p, "Email"), name(p)));
            }
        }
        return practitioners;
    }

    private static String name(JsonNode practitioner) {
        String complete = text(practitioner, "CompleteName");
        if (complete != null) {
            return complete;
        }
        String joined = ((text(practitioner, "FirstName") == null ? "" : text(practitioner, "FirstName")) + " "
                + (text(practitioner, "LastName") == null ? "" : text(practitioner, "LastName"))).trim();
        return joined.isEmpty() ? null : joined;
    }

    /** A non-blank string field, at most 200 characters kept; null otherwise. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        String text = value.asText().strip();
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    private String apiKey() {
        return config.apiKey().filter(k -> !k.isBlank()).orElse(null);
    }

    private static SyncFailure noKey() {
        return new SyncFailure(ReasonCode.INTAKEQ_UNAUTHORIZED, "no IntakeQ API key configured");
    }

    /** Attempts so far for one request: failures (5xx, timeouts) and 429s are budgeted separately. */
    private record Attempts(int failures, int rateLimited) {
        Attempts failed() {
            return new Attempts(failures + 1, rateLimited);
        }

        Attempts limited() {
            return new Attempts(failures, rateLimited + 1);
        }
    }

    private Uni<Integer> pagesFrom(Lane lane, String apiKey, Query q, int page,
            Function<List<IntakeQAppointment>, Uni<Void>> perPage) {
        return send(lane, () -> api.appointments(apiKey, q.client(), text(q.startDate()), text(q.endDate()),
                                text(q.updatedSince()), q.deletedOnly() ? Boolean.TRUE : null, page),
                        "page " + page, new Attempts(1, 0), response -> null, IntakeQClient::parse)
                .chain(items -> perPage.apply(items)
                        .chain(() -> items.size() < config.pageSize()
                                ? Uni.createFrom().item(page)
                                : pagesFrom(lane, apiKey, q, page + 1, perPage)));
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    /**
     * One request within the shared budget, with IntakeQ's error handling: {@code special} may answer a status
     * itself (non-null), 200 is read with {@code body}, 401/403 fail at once, 429 pauses every replica and is
     * retried, 5xx and transport errors are retried with back-off, anything else is INTAKEQ_BAD_RESPONSE.
     * Only the HTTP exchange can make IntakeQ unavailable: a failure of our own (the budget's table in PostgreSQL)
     * is not retried here, not counted as a request and not a {@link SyncFailure}; it propagates as it is, so the
     * caller's pass fails and the next pass reads again.
     */
    private <T> Uni<T> send(Lane lane, Supplier<Uni<Response>> call, String what, Attempts attempt,
            Function<Response, Uni<T>> special, Function<String, T> body) {
        return quota.acquire(lane)
                .chain(() -> exchange(call))
                .chain(exchange -> {
                    if (exchange.response() == null) {
                        countRequest("error");
                        return retry(lane, call, what, attempt, ReasonCode.INTAKEQ_UNAVAILABLE,
                                exchange.transportFailure().getClass().getSimpleName(), backoff(attempt.failures()),
                                special, body);
                    }
                    return answered(lane, call, what, attempt, exchange.response(), special, body);
                });
    }

    /** What one HTTP exchange gave: IntakeQ's response, or the transport's failure (timeout, refused, reset). */
    private record Exchange(Response response, Throwable transportFailure) {
    }

    private static Uni<Exchange> exchange(Supplier<Uni<Response>> call) {
        return Uni.createFrom().<Response>deferred(call::get)
                .map(response -> new Exchange(response, null))
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> new Exchange(((WebApplicationException) e).getResponse(), null))
                .onFailure()
                .recoverWithItem(e -> new Exchange(null, e));
    }

    private <T> Uni<T> answered(Lane lane, Supplier<Uni<Response>> call, String what, Attempts attempt,
            Response response, Function<Response, Uni<T>> special, Function<String, T> body) {
        int status = response.getStatus();
        countRequest(outcome(status));
        Uni<T> answered = special.apply(response);
        if (answered != null) {
            return answered;
        }
        if (status == 200) {
            return Uni.createFrom().item(() -> body.apply(entity(response)));
        }
        if (status == 401 || status == 403) {
            LOG.errorf("IntakeQ rejected the API key (HTTP %d): check INTAKEQ_API_KEY", status);
            return Uni.createFrom().failure(new SyncFailure(ReasonCode.INTAKEQ_UNAUTHORIZED, "HTTP " + status));
        }
        if (status == 429) {
            Duration wait = retryAfter(response.getHeaderString("Retry-After"));
            // when the shared pause cannot be recorded, this replica still waits it out before the failure propagates
            return quota.pauseFor(wait)
                    .onFailure().call(() -> sleep(wait))
                    .chain(() -> retry(lane, call, what, attempt, ReasonCode.INTAKEQ_RATE_LIMITED, "HTTP 429",
                            Duration.ZERO, special, body));
        }
        if (status >= 500) {
            return retry(lane, call, what, attempt, ReasonCode.INTAKEQ_UNAVAILABLE, "HTTP " + status,
                    backoff(attempt.failures()), special, body);
        }
        return Uni.createFrom().failure(new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, "HTTP " + status));
    }

    /** The response's body as text; a body that cannot be read as text is IntakeQ's bad answer. */
    private static String entity(Response response) {
        try {
            return response.readEntity(String.class);
        } catch (ProcessingException | IllegalStateException e) {
            throw new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, "body unreadable: " + e.getClass().getSimpleName());
        }
    }

    private static Uni<Void> sleep(Duration wait) {
        return wait.isZero() || wait.isNegative() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }

    /**
     * Sends the request again after {@code delay}, unless the attempts of that kind are spent. A 429 is IntakeQ
     * asking to wait, not a failure, so it has its own, larger allowance ({@code max-rate-limited-attempts}).
     */
    private <T> Uni<T> retry(Lane lane, Supplier<Uni<Response>> call, String what, Attempts attempt, ReasonCode reason,
            String detail, Duration delay, Function<Response, Uni<T>> special, Function<String, T> body) {
        boolean rateLimited = reason == ReasonCode.INTAKEQ_RATE_LIMITED;
        int used = rateLimited ? attempt.rateLimited() + 1 : attempt.failures();
        int allowed = rateLimited ? config.maxRateLimitedAttempts() : config.maxAttempts();
        if (used >= allowed) {
            return Uni.createFrom().failure(new SyncFailure(reason, detail + " after " + used + " attempts"));
        }
        LOG.debugf("IntakeQ %s: %s; retrying in %d ms", what, detail, Long.valueOf(delay.toMillis()));
        Attempts next = rateLimited ? attempt.limited() : attempt.failed();
        return sleep(delay).chain(() -> send(lane, call, what, next, special, body));
    }

    /** {@code intakeq_requests_total{outcome}}: every request sent, by what came back. */
    private void countRequest(String outcome) {
        Counter.builder("intakeq.requests")
                .description("Requests sent to the IntakeQ Appointments API, by outcome (rate_limited = HTTP 429)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    private static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return "ok";
        }
        if (status == 429) {
            return "rate_limited";
        }
        if (status == 401 || status == 403) {
            return "unauthorized";
        }
        return status >= 500 ? "server_error" : "client_error";
    }

    private Duration backoff(int attempt) {
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis((long) (base * (0.5 + ThreadLocalRandom.current().nextDouble())));
    }

    private Duration retryAfter(String header) {
        if (header != null && !header.isBlank()) {
            String value = header.trim();
            try {
                if (value.matches("\\d{1,6}")) {
                    return Duration.ofSeconds(Long.parseLong(value));
                }
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException e) {
                LOG.debugf("unreadable Retry-After header %s", value);
            }
        }
        return config.defaultRetryAfter();
    }

    /** Reads one appointment object; anything unreadable is a {@link SyncFailure} with INTAKEQ_BAD_RESPONSE. */
    public static IntakeQAppointment parseOne(String body) {
        try {
            return IntakeQAppointment.from(ContractJson.mapper().readTree(body == null ? "" : body));
        } catch (IOException e) {
            throw new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, "body is not JSON");
        } catch (IllegalArgumentException e) {
            throw new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, e.getMessage());
        }
    }

    /** Reads an appointments page; anything unreadable is a {@link SyncFailure} with INTAKEQ_BAD_RESPONSE. */
    public static List<IntakeQAppointment> parse(String body) {
        JsonNode root;
        try {
            root = ContractJson.mapper().readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, "body is not JSON");
        }
        if (root == null || !root.isArray()) {
            throw new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, "body is not a JSON array");
        }
        List<IntakeQAppointment> items = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            try {
                items.add(IntakeQAppointment.from(node));
            } catch (IllegalArgumentException e) {
                throw new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, e.getMessage());
            }
        }
        return items;
    }
}
