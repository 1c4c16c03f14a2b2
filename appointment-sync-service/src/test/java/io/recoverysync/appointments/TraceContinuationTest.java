package io.recoverysync.appointments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.contracts.kafka.ContractSerializer;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** With tracing on, the result of a command continues the command's trace, so sync-log-service's span joins it too. */
@QuarkusTest
@TestProfile(TraceContinuationTest.TracingOn.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class TraceContinuationTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN = "00f067aa0ba902b7";

    /** Tracing on, nothing exported. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.exporter.otlp.enabled", "false");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void theResultOfATracedCommandCarriesItsTrace() throws Exception {
        UUID org = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        // neither a client id nor an email: answered at once with PATIENT_NO_EMAIL, no IntakeQ read needed
        SyncFixture.ROSTER.publishAndWait(patient, org, "active", null, false);
        UUID runId = UUID.randomUUID();
        SyncCommand command = new SyncCommand(MessageIds.command(runId, patient), SyncCommand.VERSION, runId,
                SyncType.MANUAL_PATIENT, org, patient, Instant.now());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap), new StringSerializer(), new ContractSerializer())) {
            ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.SYNC_COMMANDS_PATIENT, patient.toString(), command);
            record.headers().add("traceparent", ("00-" + TRACE_ID + "-" + PARENT_SPAN + "-01").getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }

        List<ConsumerRecord<String, String>> results = TopicReader.read(bootstrap, Topics.SYNC_RESULTS,
                        rs -> rs.stream().anyMatch(r -> runId.toString().equals(r.key())), Duration.ofSeconds(30))
                .stream().filter(r -> runId.toString().equals(r.key())).toList();
        assertEquals(1, results.size());
        Header header = results.get(0).headers().lastHeader("traceparent");
        assertNotNull(header, "the result carries a traceparent");
        String[] parts = new String(header.value(), StandardCharsets.UTF_8).split("-");
        assertEquals(TRACE_ID, parts[1], "same trace as the command");
        assertNotEquals(PARENT_SPAN, parts[2], "a span of this service is the parent, not the scheduler's");
        assertTrue(parts[3].endsWith("1"), "sampled");
    }
}
