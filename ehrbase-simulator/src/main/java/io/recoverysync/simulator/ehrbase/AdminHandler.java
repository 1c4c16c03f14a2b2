package io.recoverysync.simulator.ehrbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.recoverysync.simulator.kit.SimulatorHttp;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /_sim}: unauthenticated controls for demos and the local stack (stats, outage, latency, queued failures,
 * reset). Not part of EHRbase; never counted in the request log.
 */
final class AdminHandler implements HttpHandler {

    static final String PREFIX = "/_sim";

    private final EhrbaseSimulator simulator;
    private final ObjectMapper mapper;

    AdminHandler(EhrbaseSimulator simulator, ObjectMapper mapper) {
        this.simulator = simulator;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        HttpReply reply;
        try {
            reply = answer(exchange);
        } catch (IllegalArgumentException e) {
            reply = HttpReply.text(400, e.getMessage());
        } catch (RuntimeException e) {
            reply = HttpReply.text(500, SimulatorHttp.reason(500));
        }
        reply.writeTo(exchange);
    }

    private HttpReply answer(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Map<String, String> params = HttpReply.queryParams(exchange.getRequestURI().getRawQuery());
        if (path.equals(PREFIX + "/stats")) {
            return method.equals("GET") ? stats() : HttpReply.text(405, "GET only");
        }
        if (!method.equals("POST")) {
            return HttpReply.text(405, "POST only");
        }
        switch (path) {
            case PREFIX + "/outage" -> simulator.setOutage(Boolean.parseBoolean(params.getOrDefault("on", "true")));
            case PREFIX + "/latency" -> simulator.setLatency(Duration.ofMillis(number(params, "ms")));
            case PREFIX + "/fail-next" -> simulator.failNext((int) number(params, "count"), (int) number(params, "status"),
                    params.get("message"));
            case PREFIX + "/garble-next" -> simulator.garbleNext((int) number(params, "count"));
            case PREFIX + "/reset" -> simulator.clear();
            default -> {
                return HttpReply.text(404, SimulatorHttp.reason(404));
            }
        }
        return stats();
    }

    private HttpReply stats() {
        ObjectNode n = mapper.createObjectNode();
        n.put("requests", simulator.requestCount());
        n.put("ehrs", simulator.ehrs().size());
        n.put("compositions", simulator.compositions().size());
        n.put("versions", simulator.compositions().stream().mapToInt(c -> c.versions().size()).sum());
        n.putPOJO("templates", simulator.templateIds());
        n.putPOJO("answers", simulator.requestLog());
        return HttpReply.json(200, n);
    }

    private static long number(Map<String, String> params, String name) {
        try {
            return Long.parseLong(params.getOrDefault(name, "").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " query parameter (integer) is required");
        }
    }
}
