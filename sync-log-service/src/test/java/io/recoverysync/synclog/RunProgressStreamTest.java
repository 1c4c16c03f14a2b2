package io.recoverysync.synclog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.OperationsEndpoints;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.PrometheusText;
import io.recoverysync.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/sync-logs/{id}/progress}: a real server-sent-event stream read over HTTP while results arrive on
 * Kafka. It starts with the run as it stands, follows every counted result and ends by itself with the run; only
 * {@code max-streams} follow running runs at once.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class RunProgressStreamTest extends WithSyncEvents {
    private static final TestTokens TOKENS = TestTokens.DEFAULT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** {@code %test.sync-log.progress.max-streams}. */
    private static final int MAX_STREAMS = 3;

    @TestHTTPResource("/api/sync-logs/")
    URI base;

    @Test
    void streamFollowsARunUntilItEnds() throws Exception {
        UUID org = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        startRunning(run, org, 3);

        Stream stream = open(run, TOKENS.partner(org));
        assertEquals(200, stream.status);
        assertTrue(stream.contentType.startsWith("text/event-stream"), stream.contentType);
        JsonNode opening = stream.next(event -> true);
        assertEquals("running", opening.path("status").asText());
        assertEquals(0, opening.path("patientsProcessed").asInt());
        assertEquals(run.toString(), opening.path("id").asText());

        events.send(SyncEvents.succeeded(run, org, first, 2, 0, 0, 0));
        stream.next(event -> event.path("patientsProcessed").asInt() == 1);
        events.send(SyncEvents.succeeded(run, org, second, 0, 1, 1, 0));
        events.send(SyncEvents.failed(run, org, third, ReasonCode.PATIENT_NO_EMAIL, "no email on file"));
        JsonNode last = stream.next(event -> !"running".equals(event.path("status").asText()));

        assertEquals("partial_success", last.path("status").asText());
        assertEquals(3, last.path("patientsProcessed").asInt());
        assertEquals(100, last.path("progressPercent").asInt());
        assertEquals("PATIENT_NO_EMAIL", last.path("errors").path(third.toString()).path("reasonCode").asText());
        stream.awaitEnd();
        List<JsonNode> all = stream.received;
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).path("patientsProcessed").asInt() >= all.get(i - 1).path("patientsProcessed").asInt(),
                    "progress never goes back");
        }
        assertEquals(1, all.stream().filter(event -> !"running".equals(event.path("status").asText())).count(),
                "the ending state is the last event: " + all);
    }

    @Test
    void anEndedRunIsOneEventAndTheEnd() throws Exception {
        UUID org = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, org, 0));
        Runs.awaitStatus(run, "completed");

        Stream stream = open(run, TOKENS.ops());
        assertEquals(200, stream.status);
        stream.awaitEnd();
        assertEquals(1, stream.received.size(), "events: " + stream.received);
        assertEquals("completed", stream.received.get(0).path("status").asText());
    }

    @Test
    void onlyMaxStreamsFollowRunningRunsAtOnceAndEndedStreamsFreeTheirPlace() throws Exception {
        UUID org = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        startRunning(run, org, 1);
        String token = TOKENS.partner(org);

        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < MAX_STREAMS; i++) {
            Stream stream = open(run, token);
            assertEquals(200, stream.status);
            stream.next(event -> true);
            streams.add(stream);
        }
        assertEquals(MAX_STREAMS, openStreams());
        HttpResponse<String> refused = assertProblem(request(run.toString(), token), 503, "Too many live progress");
        assertEquals("5", refused.headers().firstValue("Retry-After").orElse(""));

        // the run ends: every stream sends its last event and closes, and their places are free again
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 1, 0, 0, 0));
        for (Stream stream : streams) {
            stream.next(event -> "completed".equals(event.path("status").asText()));
            stream.awaitEnd();
        }
        await().atMost(WAIT).until(() -> openStreams() == 0);
        UUID next = UUID.randomUUID();
        startRunning(next, org, 1);
        Stream again = open(next, token);
        assertEquals(200, again.status);
        assertEquals("running", again.next(event -> true).path("status").asText());
        events.send(SyncEvents.succeeded(next, org, UUID.randomUUID(), 1, 0, 0, 0));
        again.next(event -> "completed".equals(event.path("status").asText()));
        again.awaitEnd();
    }

    /** Starts {@code run} expecting {@code patients} results and waits until the log holds it as running. */
    private static void startRunning(UUID run, UUID org, int patients) {
        events.send(SyncEvents.runStarted(run, org, patients));
        Runs.awaitField(run, "patientsExpected", patients);
    }

    private static double openStreams() {
        return PrometheusText.sum(OperationsEndpoints.metrics(), "synclog_progress_streams");
    }

    @Test
    void refusalsComeBeforeTheStreamAsProblems() throws Exception {
        UUID org = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        startRunning(run, org, 2);

        assertProblem(request(run.toString(), TOKENS.partner(UUID.randomUUID())), 404, "No sync log");
        assertProblem(request(UUID.randomUUID().toString(), TOKENS.ops()), 404, "No sync log");
        HttpResponse<String> malformed = assertProblem(request("not-a-run", TOKENS.ops()), 400, "id");
        assertEquals("id", JSON.readTree(malformed.body()).path("errors").path(0).path("field").asText());
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(base.resolve(run + "/progress"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private HttpRequest request(String run, String token) {
        return HttpRequest.newBuilder(base.resolve(run + "/progress"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .timeout(WAIT)
                .build();
    }

    private HttpResponse<String> assertProblem(HttpRequest request, int status, String detail) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.path("status").asInt());
        assertTrue(body.path("detail").asText().contains(detail), response.body());
        return response;
    }

    private Stream open(UUID run, String token) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response =
                HTTP.send(request(run.toString(), token), HttpResponse.BodyHandlers.ofLines());
        return new Stream(response);
    }

    /** The events of one open stream, read on a thread of their own as they arrive. */
    private static final class Stream {
        final int status;
        final String contentType;
        final List<JsonNode> received = new ArrayList<>();
        private final LinkedBlockingQueue<JsonNode> arriving = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> ended;

        Stream(HttpResponse<java.util.stream.Stream<String>> response) {
            status = response.statusCode();
            contentType = response.headers().firstValue("Content-Type").orElse("");
            ended = CompletableFuture.runAsync(() -> response.body()
                    .filter(line -> line.startsWith("data:"))
                    .forEach(line -> arriving.add(parse(line.substring("data:".length()).trim()))));
        }

        /** The first event from now on that matches {@code wanted}, keeping every event seen on the way. */
        JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode event = arriving.poll(200, TimeUnit.MILLISECONDS);
                if (event != null) {
                    received.add(event);
                    if (wanted.test(event)) {
                        return event;
                    }
                }
            }
            throw new AssertionError("no matching event within " + WAIT + "; received " + received);
        }

        /** Waits until the server has closed the stream, then takes the events still queued. */
        void awaitEnd() throws Exception {
            ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            arriving.drainTo(received);
        }

        private static JsonNode parse(String data) {
            try {
                return JSON.readTree(data);
            } catch (Exception e) {
                throw new AssertionError("an event that is not JSON: " + data, e);
            }
        }
    }
}
