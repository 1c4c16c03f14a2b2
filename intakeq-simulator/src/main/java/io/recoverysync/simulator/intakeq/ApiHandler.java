package io.recoverysync.simulator.intakeq;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.recoverysync.simulator.intakeq.PracticeData.AppointmentQuery;
import io.recoverysync.simulator.intakeq.PracticeData.AppointmentView;
import io.recoverysync.simulator.kit.SimulatorHttp;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Serves {@code /api/v1}: authentication, then storms and outages, then the quota, then (for appointment routes)
 * injected faults, then data.
 *
 * <p>Order matters and is chosen so that: unauthenticated requests never consume quota (IntakeQ counts per account,
 * and an unknown key has no account); storms and outages answer before the quota and so never consume it (a gateway
 * or a down service answering, not the application); rate-limited requests are never turned into injected failures; injected
 * failures and malformed bodies do consume quota, as a real server-side error after the gateway counted the call would.
 */
final class ApiHandler implements HttpHandler {

    static final String PREFIX = "/api/v1";
    static final String AUTH_HEADER = "X-Auth-Key";

    private static final DateTimeFormatter QUERY_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private final String apiKey;
    private final RequestQuota quota;
    private final FaultPlan faults;
    private final Disruptions disruptions;
    private final RequestCounters counters;
    private final PracticeData data;
    private final WireFormat wire;

    ApiHandler(String apiKey, RequestQuota quota, FaultPlan faults, Disruptions disruptions, RequestCounters counters,
               PracticeData data, WireFormat wire) {
        this.apiKey = apiKey;
        this.quota = quota;
        this.faults = faults;
        this.disruptions = disruptions;
        this.counters = counters;
        this.data = data;
        this.wire = wire;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        HttpReply reply;
        try {
            reply = answer(exchange);
        } catch (RuntimeException e) {
            reply = HttpReply.text(500, SimulatorHttp.reason(500));
        }
        delay(faults.latency());
        reply.writeTo(exchange);
    }

    private HttpReply answer(HttpExchange exchange) {
        String path = trimTrailingSlash(exchange.getRequestURI().getPath());
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return HttpReply.text(404, SimulatorHttp.reason(404));
        }
        if (!apiKey.equals(exchange.getRequestHeaders().getFirst(AUTH_HEADER))) {
            counters.recordUnauthorized();
            return HttpReply.text(401, SimulatorHttp.reason(401));
        }
        Disruptions.Answer disrupted = disruptions.current();
        if (disrupted != null) {
            HttpReply reply = HttpReply.text(disrupted.status(), SimulatorHttp.reason(disrupted.status()));
            if (disrupted.rateLimited()) {
                counters.recordRateLimited();
            } else {
                counters.recordFailedInjected();
            }
            return disrupted.retryAfterSeconds() == null
                    ? reply
                    : reply.withHeader("Retry-After", String.valueOf(disrupted.retryAfterSeconds()));
        }
        RequestQuota.Decision decision = quota.tryAcquire();
        if (!decision.accepted()) {
            counters.recordRateLimited();
            HttpReply tooMany = HttpReply.text(429, SimulatorHttp.reason(429));
            return decision.retryAfterHeader() == null
                    ? tooMany
                    : tooMany.withHeader("Retry-After", String.valueOf(decision.retryAfterHeader()));
        }
        String[] segments = path.substring(PREFIX.length()).split("/");
        segments = Arrays.copyOfRange(segments, Math.min(1, segments.length), segments.length);
        String collection = segments.length == 0 ? "" : segments[0].toLowerCase(Locale.ROOT);
        boolean get = "GET".equalsIgnoreCase(exchange.getRequestMethod())
                || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        Map<String, String> params = HttpReply.queryParams(exchange.getRequestURI().getRawQuery());
        counters.recordAccepted(path, kindOf(collection, segments, get, params));

        if (collection.equals("appointments") && segments.length == 2 && isSettings(segments[1])) {
            // A fixed route, matched before /appointments/{id}. Not subject to failNext/malformedNext, which
            // script the appointment reads a sync loop makes; storms and outages still apply (checked above).
            return get ? settings() : HttpReply.text(405, SimulatorHttp.reason(405)).withHeader("Allow", "GET");
        }
        if (collection.equals("appointments") && segments.length <= 2) {
            if (!get) {
                return HttpReply.text(405, SimulatorHttp.reason(405)).withHeader("Allow", "GET");
            }
            int failure = faults.takeFailure();
            if (failure != 0) {
                counters.recordFailedInjected();
                return HttpReply.text(failure, SimulatorHttp.reason(failure));
            }
            HttpReply ok = segments.length == 1 ? listAppointments(params) : oneAppointment(segments[1]);
            return ok.status() == 200 ? maybeMalformed(ok) : ok;
        }
        if (collection.equals("clients") && segments.length == 1) {
            if (!get) {
                return HttpReply.text(405, SimulatorHttp.reason(405)).withHeader("Allow", "GET");
            }
            return listClients(params);
        }
        return HttpReply.text(404, SimulatorHttp.reason(404));
    }

    private HttpReply listAppointments(Map<String, String> params) {
        AppointmentQuery query;
        try {
            LocalDate startDate = date(params, "startdate");
            LocalDate endDate = date(params, "enddate");
            LocalDate updatedSince = date(params, "updatedsince");
            // Dates are whole UTC days and both bounds are inclusive: the simplest rule a client can widen around.
            query = new AppointmentQuery(
                    nonEmpty(params, "client"),
                    startDate == null ? null : startOfUtcDay(startDate),
                    endDate == null ? null : startOfUtcDay(endDate.plusDays(1)),
                    nonEmpty(params, "status"),
                    nonEmpty(params, "practitioneremail"),
                    updatedSince == null ? null : startOfUtcDay(updatedSince),
                    bool(params, "deletedonly"),
                    page(params));
        } catch (BadRequest e) {
            return HttpReply.text(400, e.getMessage());
        }
        if (faults.takeEmpty()) {
            return HttpReply.json(200, wire.appointments(java.util.List.of(), faults.wireOptions()));
        }
        return HttpReply.json(200, wire.appointments(data.query(query), faults.wireOptions()));
    }

    private HttpReply oneAppointment(String id) {
        AppointmentView view = data.find(id);
        if (view == null) {
            return HttpReply.text(404, SimulatorHttp.reason(404));
        }
        return HttpReply.json(200, wire.appointmentBytes(view, faults.wireOptions()));
    }

    private HttpReply settings() {
        return HttpReply.json(200, wire.settings(data.settings(), faults.wireOptions()));
    }

    private static boolean isSettings(String segment) {
        return segment.equalsIgnoreCase("settings");
    }

    private static RequestKind kindOf(String collection, String[] segments, boolean get, Map<String, String> params) {
        if (!get) {
            return RequestKind.OTHER;
        }
        if (collection.equals("appointments")) {
            if (segments.length == 1) {
                return nonEmpty(params, "client") == null ? RequestKind.PRACTICE_LIST : RequestKind.CLIENT_LIST;
            }
            if (segments.length == 2) {
                return isSettings(segments[1]) ? RequestKind.SETTINGS : RequestKind.BY_ID;
            }
        }
        if (collection.equals("clients") && segments.length == 1) {
            return RequestKind.CLIENTS;
        }
        return RequestKind.OTHER;
    }

    private HttpReply listClients(Map<String, String> params) {
        try {
            boolean profile = bool(params, "includeprofile");
            return HttpReply.json(200, wire.clients(data.searchClients(nonEmpty(params, "search"), page(params)), profile));
        } catch (BadRequest e) {
            return HttpReply.text(400, e.getMessage());
        }
    }

    private HttpReply maybeMalformed(HttpReply ok) {
        if (!faults.takeMalformed()) {
            return ok;
        }
        counters.recordMalformedInjected();
        // Cutting the body in half models a connection dropped mid-response: valid prefix, unparseable whole.
        byte[] body = ok.body();
        return HttpReply.json(200, Arrays.copyOf(body, Math.max(1, body.length / 2)));
    }

    private static String nonEmpty(Map<String, String> params, String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static LocalDate date(Map<String, String> params, String name) {
        String value = nonEmpty(params, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, QUERY_DATE);
        } catch (DateTimeParseException e) {
            throw new BadRequest("Invalid " + name + ": expected yyyy-MM-dd");
        }
    }

    private static boolean bool(Map<String, String> params, String name) {
        String value = nonEmpty(params, name);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new BadRequest("Invalid " + name + ": expected true or false");
    }

    private static int page(Map<String, String> params) {
        String value = nonEmpty(params, "page");
        if (value == null) {
            return 1;
        }
        try {
            int page = Integer.parseInt(value);
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the 400 below
        }
        throw new BadRequest("Invalid page: expected an integer >= 1");
    }

    private static Instant startOfUtcDay(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static String trimTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    static void delay(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A query parameter the real API would reject; the message becomes the plain-text 400 body. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
