package io.recoverysync.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recoverysync.contracts.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Talks to a running {@link LocalStack} the way its users do: roster rows, the REST triggers and sync_logs. */
public final class StackClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final LocalStack stack;

    public StackClient(LocalStack stack) {
        this.stack = stack;
    }

    /** An HTTP answer: status and parsed JSON body (null when empty). */
    public record Answer(int status, JsonNode body) {
    }

    public void organization(UUID id, String name) {
        sql("INSERT INTO scheduler.organizations (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", id, name);
    }

    public void patient(UUID id, UUID organizationId, String firstName, String lastName, String email, Integer clientId) {
        sql("""
                INSERT INTO scheduler.patients (id, first_name, last_name, email, intakeq_client_id)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", id, firstName, lastName, email, clientId);
        sql("""
                INSERT INTO scheduler.patient_organization_affiliations (patient_id, organization_id, status)
                VALUES (?, ?, 'active') ON CONFLICT DO NOTHING""", id, organizationId);
    }

    /** Maps an IntakeQ practitioner to a provider through appointment-sync's ops endpoint. */
    public void mapPractitioner(String intakeqPractitionerId, UUID providerId) {
        mapPractitioner(intakeqPractitionerId, providerId, null);
    }

    /** Maps an IntakeQ practitioner to a provider shown as {@code displayName} (none when null). */
    public void mapPractitioner(String intakeqPractitionerId, UUID providerId, String displayName) {
        ObjectNode body = ContractJson.mapper().createObjectNode()
                .put("providerId", providerId.toString());
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        Answer answer = send(LocalStack.APPOINTMENTS, "PUT", "/internal/provider-mappings/" + intakeqPractitionerId,
                ops(), body.toString());
        if (answer.status() != 204) {
            throw new IllegalStateException("provider mapping failed: " + answer);
        }
    }

    /** POST /api/cron/sync-practiceq-appointments with the stack's cron secret. */
    public Answer cron() {
        return send(LocalStack.SCHEDULER, "POST", "/api/cron/sync-practiceq-appointments",
                "Bearer " + stack.options().cronSecret(), null);
    }

    /** POST /api/partner-dashboard/patients/sync-all as a partner user of the organization. */
    public Answer syncAll(UUID organizationId) {
        return send(LocalStack.SCHEDULER, "POST", "/api/partner-dashboard/patients/sync-all", partner(organizationId), null);
    }

    /** {@code Bearer <token>} of a partner user of the organization. */
    public String partner(UUID organizationId) {
        return "Bearer " + stack.tokens().partner(organizationId);
    }

    /** {@code Bearer <token>} of an ops user. */
    public String ops() {
        return "Bearer " + stack.opsToken();
    }

    /** {@code Bearer <token>} of a clinician of the organization. */
    public String clinician(UUID organizationId) {
        return "Bearer " + stack.tokens().clinician(organizationId);
    }

    /**
     * Starts a bulk refresh, retrying while the organization's previous bulk run is still open (409): its end is
     * announced asynchronously, a moment after its sync_logs row completes.
     */
    public Answer startBulk(UUID organizationId, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        Answer answer = syncAll(organizationId);
        while (answer.status() == 409 && Instant.now().isBefore(deadline)) {
            ServiceProcess.sleep(200);
            answer = syncAll(organizationId);
        }
        return answer;
    }

    public Answer syncLog(UUID runId) {
        return send(LocalStack.SYNC_LOG, "GET", "/api/sync-logs/" + runId, ops(), null);
    }

    /** Waits until the run's sync_logs row has left {@code running}; returns it. */
    public JsonNode awaitFinished(UUID runId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Answer last = null;
        while (Instant.now().isBefore(deadline)) {
            last = syncLog(runId);
            if (last.status() == 200 && !"running".equals(last.body().path("status").asText())) {
                return last.body();
            }
            ServiceProcess.sleep(200);
        }
        throw new IllegalStateException("run " + runId + " did not finish within " + timeout + "; last answer " + last);
    }

    /** GET on one particular instance. */
    public Answer get(ServiceProcess instance, String path, String authorization) {
        return send(instance, "GET", path, authorization, null);
    }

    /** POST without a body on one particular instance. */
    public Answer post(ServiceProcess instance, String path, String authorization) {
        return send(instance, "POST", path, authorization, null);
    }

    public Answer send(String service, String method, String path, String authorization, String jsonBody) {
        return send(stack.service(service), method, path, authorization, jsonBody);
    }

    private Answer send(ServiceProcess instance, String method, String path, String authorization, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.url(path)))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Answer(response.statusCode(), body == null || body.isBlank() ? null : ContractJson.mapper().readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement, Object... params) {
        try (Connection c = stack.database(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
        }
    }
}
