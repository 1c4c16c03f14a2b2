package io.recoverysync.appointments.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.ReasonCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Reads a client's appointments from IntakeQ page by page; every request draws from the shared
 * {@link QuotaBudget} in its {@link Lane}. 429s honour Retry-After (or wait out the minute) for all replicas; 5xx, timeouts and connection errors retry with exponential back-off and
 * jitter; 401/403 fail at once. Failures surface as {@link SyncFailure} with an IntakeQ reason code.
 */
@ApplicationScoped
public class IntakeQClient {
    private static final Logger LOG = Logger.getLogger(IntakeQClient.class);

    private final IntakeQApi api;
    private final QuotaBudget quota;
    private final AppointmentSyncConfig.IntakeQ config;

    public IntakeQClient(@RestClient IntakeQApi api, QuotaBudget quota, AppointmentSyncConfig config) {
        this.api = api;
        this.quota = quota;
        this.config = config.intakeq();
    }

    /**
     * All appointments IntakeQ returns for {@code client} between the two dates (inclusive, as IntakeQ reads them),
     * only those modified since {@code updatedSince} when it is not null (an incremental read).
     */
    public Uni<List<IntakeQAppointment>> appointments(Lane lane, String client, LocalDate startDate, LocalDate endDate,
            LocalDate updatedSince) {
        String apiKey = config.apiKey().filter(k -> !k.isBlank()).orElse(null);
        if (apiKey == null) {
            return Uni.createFrom().failure(new SyncFailure(ReasonCode.INTAKEQ_UNAUTHORIZED, "no IntakeQ API key configured"));
        }
        Query query = new Query(lane, apiKey, client, startDate.toString(), endDate.toString(),
                updatedSince == null ? null : updatedSince.toString());
        return pagesFrom(query, 1, new ArrayList<>());
    }

    private record Query(Lane lane, String apiKey, String client, String startDate, String endDate, String updatedSince) {
    }

    /** Attempts so far for one page: failures (5xx, timeouts) and 429s are budgeted separately. */
    private record Attempts(int failures, int rateLimited) {
        Attempts failed() {
            return new Attempts(failures + 1, rateLimited);
        }

        Attempts limited() {
            return new Attempts(failures, rateLimited + 1);
        }
    }

    private Uni<List<IntakeQAppointment>> pagesFrom(Query query, int page, List<IntakeQAppointment> collected) {
        return page(query, page, new Attempts(1, 0))
                .onItem().transformToUni(items -> {
                    collected.addAll(items);
                    return items.size() < config.pageSize()
                            ? Uni.createFrom().item(collected)
                            : pagesFrom(query, page + 1, collected);
                });
    }

    private Uni<List<IntakeQAppointment>> page(Query query, int page, Attempts attempt) {
        return quota.acquire(query.lane())
                .onItem().transformToUni(ignored -> api.appointments(query.apiKey(), query.client(),
                        query.startDate(), query.endDate(), query.updatedSince(), page))
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .onItem().transformToUni(response -> handle(response, query, page, attempt))
                .onFailure(e -> !(e instanceof SyncFailure))
                .recoverWithUni(e -> retry(query, page, attempt, ReasonCode.INTAKEQ_UNAVAILABLE,
                        e.getClass().getSimpleName(), backoff(attempt.failures())));
    }

    private Uni<List<IntakeQAppointment>> handle(Response response, Query query, int page, Attempts attempt) {
        int status = response.getStatus();
        if (status == 200) {
            return Uni.createFrom().item(() -> parse(response.readEntity(String.class)));
        }
        if (status == 401 || status == 403) {
            LOG.errorf("IntakeQ rejected the API key (HTTP %d): check INTAKEQ_API_KEY", status);
            return Uni.createFrom().failure(new SyncFailure(ReasonCode.INTAKEQ_UNAUTHORIZED, "HTTP " + status));
        }
        if (status == 429) {
            Duration wait = retryAfter(response.getHeaderString("Retry-After"));
            return quota.pauseFor(wait)
                    .chain(() -> retry(query, page, attempt, ReasonCode.INTAKEQ_RATE_LIMITED, "HTTP 429", Duration.ZERO));
        }
        if (status >= 500) {
            return retry(query, page, attempt, ReasonCode.INTAKEQ_UNAVAILABLE, "HTTP " + status, backoff(attempt.failures()));
        }
        return Uni.createFrom().failure(new SyncFailure(ReasonCode.INTAKEQ_BAD_RESPONSE, "HTTP " + status));
    }

    /**
     * Tries the page again after {@code delay}, unless the attempts of that kind are spent. A 429 is IntakeQ asking
     * to wait, not a failure, so it has its own, larger allowance ({@code max-rate-limited-attempts}).
     */
    private Uni<List<IntakeQAppointment>> retry(Query query, int page, Attempts attempt, ReasonCode reason, String detail,
            Duration delay) {
        boolean rateLimited = reason == ReasonCode.INTAKEQ_RATE_LIMITED;
        int used = rateLimited ? attempt.rateLimited() + 1 : attempt.failures();
        int allowed = rateLimited ? config.maxRateLimitedAttempts() : config.maxAttempts();
        if (used >= allowed) {
            return Uni.createFrom().failure(new SyncFailure(reason, detail + " after " + used + " attempts"));
        }
        LOG.debugf("IntakeQ page %d: %s; retrying in %d ms", Integer.valueOf(page), detail, Long.valueOf(delay.toMillis()));
        Uni<Void> wait = delay.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(delay);
        Attempts next = rateLimited ? attempt.limited() : attempt.failed();
        return wait.onItem().transformToUni(ignored -> page(query, page, next));
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
