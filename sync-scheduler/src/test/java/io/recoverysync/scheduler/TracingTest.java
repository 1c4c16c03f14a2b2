package io.recoverysync.scheduler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.contracts.Topics;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TopicReader;
import io.recoverysync.testsupport.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a run's Kafka records carry the trace of the REST call that started it: the RunStarted record
 * (sent by the connector) and every command (sent around it, straight through the producer).
 */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class TracingTest {
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[0-9a-f]");

    /** Tracing on, spans kept in memory (no OTLP export), exported at once. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "PT0.05S");
        }
    }

    @Inject
    Pool pool;

    @Inject
    InMemorySpanExporter spans;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void commandsOfABulkRefreshCarryTheTraceOfTheRestCall() {
        UUID org = SchedulerTestSupport.organization(pool, "Traced Center");
        SchedulerTestSupport.patients(pool, org, 3);

        String runId = given().auth().oauth2(TestTokens.DEFAULT.partner(org))
                .post("/api/partner-dashboard/patients/sync-all")
                .then().statusCode(202).extract().path("syncLogId");

        List<ConsumerRecord<String, String>> commands = TopicReader.read(bootstrap, Topics.SYNC_COMMANDS_BULK,
                        rs -> rs.stream().filter(r -> r.value().contains(runId)).count() >= 3, Duration.ofSeconds(20))
                .stream().filter(r -> r.value().contains(runId)).toList();
        assertEquals(3, commands.size());
        Set<String> commandTraces = commands.stream().map(TracingTest::traceId).collect(Collectors.toSet());
        assertEquals(1, commandTraces.size(), "every command of the run carries the same trace: " + commandTraces);
        String traceId = commandTraces.iterator().next();

        ConsumerRecord<String, String> started = TopicReader.read(bootstrap, Topics.SYNC_RUNS,
                        rs -> rs.stream().anyMatch(r -> runId.equals(r.key())), Duration.ofSeconds(20))
                .stream().filter(r -> runId.equals(r.key())).findFirst().orElseThrow();
        assertEquals(traceId, traceId(started), "RunStarted is in the same trace as the commands");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> server = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(traceId))
                    .toList();
            assertEquals(1, server.size(), "the trace is the one of the HTTP request");
            assertTrue(server.get(0).getName().contains("sync-all"), server.get(0).getName());
        });
    }

    private static String traceId(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        assertNotNull(header, "no traceparent on " + record.topic() + " record " + record.key());
        String value = new String(header.value(), StandardCharsets.UTF_8);
        Matcher m = TRACEPARENT.matcher(value);
        assertTrue(m.matches(), "malformed traceparent " + value);
        return m.group(1);
    }
}
