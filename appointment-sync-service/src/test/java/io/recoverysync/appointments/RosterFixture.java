package io.recoverysync.appointments;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.RosterPatient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP server speaking sync-scheduler's internal roster contract, so this module's tests can run without
 * the scheduler; the system tests in local-stack exercise the real one.
 */
public class RosterFixture implements QuarkusTestResourceLifecycleManager {
    static final Map<UUID, RosterPatient> PATIENTS = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/roster/patients/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String id = exchange.getRequestURI().getPath().substring("/internal/roster/patients/".length());
            RosterPatient patient = null;
            try {
                patient = PATIENTS.get(UUID.fromString(id));
            } catch (IllegalArgumentException ignored) {
                // unknown id
            }
            int status = !"Bearer test-internal-token".equals(auth) ? 401 : patient == null ? 404 : 200;
            byte[] body = status == 200 ? ContractJson.mapper().writeValueAsBytes(patient) : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.roster.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
