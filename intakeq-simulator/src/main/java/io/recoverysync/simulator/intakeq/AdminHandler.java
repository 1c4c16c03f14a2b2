package io.recoverysync.simulator.intakeq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.recoverysync.simulator.kit.SimulatorHttp;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /_sim}: unauthenticated controls for the local demo (stats, appointment changes that fire webhooks, the
 * webhook URL, counter reset, storms and outages).
 *
 * <p>No auth and no quota: these are not part of IntakeQ and must never disturb the counters they report.
 */
final class AdminHandler implements HttpHandler {

    static final String PREFIX = "/_sim";

    private final IntakeQSimulator simulator;
    private final ObjectMapper mapper;

    AdminHandler(IntakeQSimulator simulator, ObjectMapper mapper) {
        this.simulator = simulator;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        HttpReply reply;
        try {
            reply = answer(exchange);
        } catch (IllegalArgumentException e) {
            reply = HttpReply.text(404, SimulatorHttp.reason(404));
        } catch (RuntimeException e) {
            reply = HttpReply.text(500, SimulatorHttp.reason(500));
        }
        reply.writeTo(exchange);
    }

    private HttpReply answer(HttpExchange exchange) throws IOException {
        String path = ApiHandler.trimTrailingSlash(exchange.getRequestURI().getPath());
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Map<String, String> params = HttpReply.queryParams(exchange.getRequestURI().getRawQuery());

        if (path.equals(PREFIX + "/stats")) {
            return method.equals("GET") ? stats() : notAllowed("GET");
        }
        if (path.equals(PREFIX + "/reset-counters")) {
            if (!method.equals("POST")) {
                return notAllowed("POST");
            }
            simulator.resetCounters();
            return stats();
        }
        if (path.equals(PREFIX + "/webhook")) {
            if (!method.equals("POST")) {
                return notAllowed("POST");
            }
            try {
                simulator.setWebhookUrl(params.get("url"));
            } catch (IllegalArgumentException e) {
                return HttpReply.text(400, e.getMessage());
            }
            return stats();
        }
        if (path.equals(PREFIX + "/storm")) {
            return method.equals("POST") ? storm(params) : notAllowed("POST");
        }
        if (path.equals(PREFIX + "/outage")) {
            return method.equals("POST") ? outage(params) : notAllowed("POST");
        }
        if (path.equals(PREFIX + "/calm")) {
            if (!method.equals("POST")) {
                return notAllowed("POST");
            }
            simulator.calm();
            return stats();
        }
        String[] parts = path.split("/");
        // ["", "_sim", "appointments", "{id}", "reschedule|cancel|status|delete"]
        if (parts.length == 5 && parts[2].equals("appointments")) {
            if (!method.equals("POST")) {
                return notAllowed("POST");
            }
            String id = parts[3];
            if (simulator.appointment(id) == null) {
                return HttpReply.text(404, SimulatorHttp.reason(404));
            }
            switch (parts[4]) {
                case "reschedule" -> {
                    Long minutes = parseLong(params.get("minutes"));
                    if (minutes == null) {
                        return HttpReply.text(400, "minutes query parameter (integer) is required");
                    }
                    SimAppointment current = simulator.appointment(id);
                    simulator.reschedule(id, current.start().plus(Duration.ofMinutes(minutes)));
                }
                case "cancel" -> {
                    String reason = params.get("reason");
                    simulator.cancel(id, reason == null || reason.isBlank() ? "Canceled via simulator admin" : reason);
                }
                case "status" -> {
                    String status = adminStatus(params.get("value"));
                    if (status == null) {
                        return HttpReply.text(400, "value must be Confirmed, Declined or Missed");
                    }
                    simulator.setStatus(id, status);
                }
                case "delete" -> simulator.delete(id);
                default -> {
                    return HttpReply.text(404, SimulatorHttp.reason(404));
                }
            }
            return HttpReply.json(200, simulator.wireJson(id));
        }
        return HttpReply.text(404, SimulatorHttp.reason(404));
    }

    private HttpReply storm(Map<String, String> params) throws IOException {
        Long seconds = parseLong(params.get("seconds"));
        if (seconds == null || seconds <= 0) {
            return HttpReply.text(400, "seconds query parameter (positive integer) is required");
        }
        String retryAfter = params.getOrDefault("retryafter", "none").trim().toLowerCase(Locale.ROOT);
        Duration duration = Duration.ofSeconds(seconds);
        switch (retryAfter) {
            case "", "none" -> simulator.rateLimitFor(duration, RetryAfter.NONE);
            case "auto" -> simulator.rateLimitFor(duration, RetryAfter.AUTO);
            default -> {
                Long fixed = parseLong(retryAfter);
                if (fixed == null || fixed < 0 || fixed > Integer.MAX_VALUE) {
                    return HttpReply.text(400, "retryAfter must be none, auto or a number of seconds");
                }
                simulator.rateLimitFor(duration, fixed.intValue());
            }
        }
        return stats();
    }

    private HttpReply outage(Map<String, String> params) throws IOException {
        Long seconds = parseLong(params.get("seconds"));
        if (seconds == null || seconds <= 0) {
            return HttpReply.text(400, "seconds query parameter (positive integer) is required");
        }
        Long status = params.containsKey("status") ? parseLong(params.get("status")) : Long.valueOf(503);
        if (status == null || status < 500 || status > 599) {
            return HttpReply.text(400, "status must be a 5xx code");
        }
        simulator.unavailableFor(Duration.ofSeconds(seconds), status.intValue());
        return stats();
    }

    private HttpReply stats() throws IOException {
        ObjectNode n = mapper.createObjectNode();
        n.put("accepted", simulator.acceptedRequests());
        n.put("rateLimited", simulator.rateLimitedRequests());
        n.put("failedInjected", simulator.failedInjectedRequests());
        n.put("malformedInjected", simulator.malformedInjectedRequests());
        n.put("unauthorized", simulator.unauthorizedRequests());
        ObjectNode byKind = n.putObject("acceptedByKind");
        for (RequestKind kind : RequestKind.values()) {
            byKind.put(kind.statsName(), simulator.acceptedRequests(kind));
        }
        Disruptions disruptions = simulator.disruptions();
        Instant stormUntil = disruptions.stormUntil();
        Instant outageUntil = disruptions.outageUntil();
        // Instants of the simulator's clock, which is the wall clock unless a test gave it another.
        n.put("stormUntil", stormUntil == null ? null : stormUntil.toString());
        n.put("outageUntil", outageUntil == null ? null : outageUntil.toString());
        if (outageUntil != null) {
            n.put("outageStatus", disruptions.outageStatus());
        }
        ObjectNode webhooks = n.putObject("webhooks");
        webhooks.put("url", simulator.webhookUrl());
        webhooks.put("queued", simulator.webhooksQueued());
        webhooks.put("delivered", simulator.webhooksDelivered());
        webhooks.put("failedAttempts", simulator.webhookFailedAttempts());
        webhooks.put("dropped", simulator.webhooksDropped());
        webhooks.put("pending", simulator.webhooksPending());
        n.put("appointments", simulator.appointmentCount());
        return HttpReply.json(200, mapper.writeValueAsBytes(n));
    }

    /** The statuses the demo may set here (Canceled has its own endpoint); case-insensitive, null if not one. */
    private static String adminStatus(String value) {
        for (String status : new String[] {SimAppointment.CONFIRMED, SimAppointment.DECLINED, SimAppointment.MISSED}) {
            if (status.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return status;
            }
        }
        return null;
    }

    private static HttpReply notAllowed(String allow) {
        return HttpReply.text(405, SimulatorHttp.reason(405)).withHeader("Allow", allow);
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
