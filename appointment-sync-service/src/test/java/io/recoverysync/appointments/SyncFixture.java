package io.recoverysync.appointments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RosterPatient;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.contracts.kafka.ContractSerializer;
import io.recoverysync.simulator.intakeq.IntakeQSimulator;
import io.recoverysync.testsupport.RosterTopic;
import io.recoverysync.testsupport.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test helper: roster patients (an IntakeQ client in the simulator, the roster record on {@code roster.affiliations},
 * the email in the roster stand-in), commands on the lane topics and their results read back from
 * {@code sync.results}.
 */
final class SyncFixture implements AutoCloseable {
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger(5000);
    /** A practitioner mapped to a provider, and one that is not. */
    static final String MAPPED_PRACTITIONER = "5f0c0ffee0ddba11deadbe01";
    static final String UNMAPPED_PRACTITIONER = "5f0c0ffee0ddba11deadbe99";
    static final RosterTopic ROSTER = RosterTopic.forSchema("appointments");

    private final IntakeQSimulator sim;
    private final String bootstrap;
    private final KafkaProducer<String, Object> producer;

    /**
     * For a test of the service: the simulator's limits lifted, its two practitioners present and
     * {@link #MAPPED_PRACTITIONER} mapped to a provider.
     */
    SyncFixture(IntakeQSimulator sim, String bootstrap, io.vertx.mutiny.sqlclient.Pool pool) {
        this.sim = sim;
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ContractSerializer());
        sim.setRateLimit(0, 0);
        if (sim.practitioners().stream().noneMatch(p -> p.id().equals(MAPPED_PRACTITIONER))) {
            sim.addPractitioner(MAPPED_PRACTITIONER, "Jane Mapped", "jane@clinic.example.org");
            sim.addPractitioner(UNMAPPED_PRACTITIONER, "Ned Unmapped", "ned@clinic.example.org");
        }
        pool.preparedQuery("INSERT INTO appointments.provider_intakeq_settings (intakeq_practitioner_id, provider_id)"
                        + " VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(MAPPED_PRACTITIONER, UUID.randomUUID())).await().indefinitely();
    }

    /** A roster patient and its IntakeQ client. */
    record Patient(UUID id, int clientId, String email) {
    }

    /** A new IntakeQ client, and a patient active in {@code org} whose roster record carries the client id. */
    Patient patient(UUID org) {
        return patient(org, true, true);
    }

    /**
     * A new IntakeQ client, and a patient active in {@code org}; the roster holds the client id and the email only
     * when asked to.
     */
    Patient patient(UUID org, boolean withClientId, boolean withEmail) {
        int clientId = CLIENT_IDS.incrementAndGet();
        String email = "client" + clientId + "@example.org";
        sim.addClient(clientId, "Client " + clientId, email, "(555) 010-" + clientId);
        return enrol(UUID.randomUUID(), org, withClientId ? clientId : null, withEmail ? email : null, clientId, false);
    }

    /** Puts {@code patientId} on the roster of {@code org} with the given client id and email (either may be null). */
    Patient enrol(UUID patientId, UUID org, Integer rosterClientId, String email, int simClientId, boolean emailShared) {
        RosterFixture.PATIENTS.put(patientId, new RosterPatient(patientId, org, rosterClientId, email, true, emailShared));
        ROSTER.publishAndWait(patientId, org, "active", rosterClientId, email != null);
        return new Patient(patientId, simClientId, email);
    }

    SyncCommand command(SyncType type, UUID org, UUID patientId) {
        return command(type, org, patientId, Instant.now());
    }

    SyncCommand command(SyncType type, UUID org, UUID patientId, Instant issuedAt) {
        UUID runId = UUID.randomUUID();
        return new SyncCommand(MessageIds.command(runId, patientId), SyncCommand.VERSION, runId, type, org, patientId,
                issuedAt);
    }

    void send(SyncCommand command) {
        try {
            producer.send(new ProducerRecord<>(Topics.commandsFor(command.syncType()), command.patientId().toString(),
                    command)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void sendRaw(String topic, String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A single-patient refresh of the patient, and its result. */
    SyncResult syncAndAwait(UUID org, UUID patientId) {
        SyncCommand command = command(SyncType.MANUAL_PATIENT, org, patientId);
        send(command);
        return awaitResults(command.runId(), 1).get(0);
    }

    /** The results of a run once {@code count} have arrived (30 s at most). */
    List<SyncResult> awaitResults(UUID runId, int count) {
        return awaitResults(runId, count, Duration.ofSeconds(30));
    }

    List<SyncResult> awaitResults(UUID runId, int count, Duration timeout) {
        return TopicReader.read(bootstrap, Topics.SYNC_RESULTS,
                        rs -> rs.stream().filter(r -> r.key().equals(runId.toString())).count() >= count, timeout)
                .stream()
                .filter(r -> r.key().equals(runId.toString()))
                .map(r -> read(r.value()))
                .toList();
    }

    private static SyncResult read(String json) {
        try {
            return ContractJson.mapper().readValue(json, SyncResult.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertCounts(SyncResult r, int created, int updated, int unchanged, int errors) {
        assertEquals(List.of(created, updated, unchanged, errors),
                List.of(r.appointmentsNew(), r.appointmentsUpdated(), r.appointmentsUnchanged(), r.appointmentsErrors()),
                "new/updated/unchanged/errors of " + r);
    }

    @Override
    public void close() {
        producer.close();
    }
}
