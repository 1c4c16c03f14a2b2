package io.recoverysync.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ClientLink;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.contracts.Topics;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.TopicReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The roster reaches the other services as data: each affiliation's state is published on the compacted
 * {@code roster.affiliations} topic, ids only, however the roster was written (here: SQL), and every change again
 * with a higher revision.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class RosterFeedTest {

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void everyAffiliationAndEveryChangeIsPublishedWithIdsOnly() {
        UUID org = SchedulerTestSupport.organization(pool, "Feed Center");
        UUID other = SchedulerTestSupport.organization(pool, "Feed Partner");
        UUID patient = SchedulerTestSupport.patient(pool, org, "feed-" + UUID.randomUUID() + "@example.org", 4242, "active");
        sql("INSERT INTO scheduler.patient_organization_affiliations (patient_id, organization_id, status) VALUES ($1, $2, 'active')",
                patient, other);

        RosterAffiliation first = latest(patient, org, a -> a.active() && Integer.valueOf(4242).equals(a.intakeqClientId()));
        assertTrue(first.hasEmail());
        RosterAffiliation second = latest(patient, other, RosterAffiliation::active);
        assertEquals(4242, second.intakeqClientId());

        sql("UPDATE scheduler.patient_organization_affiliations SET status = 'discharged' WHERE patient_id = $1 AND organization_id = $2",
                patient, org);
        RosterAffiliation discharged = latest(patient, org, a -> "discharged".equals(a.status()));
        assertTrue(discharged.revision() > first.revision(), "a change goes out with a higher revision");

        sql("UPDATE scheduler.patients SET intakeq_client_id = NULL, email = NULL WHERE id = $1", patient);
        RosterAffiliation unlinked = latest(patient, other, a -> a.intakeqClientId() == null);
        assertFalse(unlinked.hasEmail());

        sql("DELETE FROM scheduler.patient_organization_affiliations WHERE patient_id = $1 AND organization_id = $2",
                patient, other);
        latest(patient, other, a -> "removed".equals(a.status()));
    }

    @Test
    void recordsCarryNoNamesOrEmails() {
        UUID org = SchedulerTestSupport.organization(pool, "Quiet Center");
        String email = "secret-" + UUID.randomUUID() + "@example.org";
        UUID patient = SchedulerTestSupport.patient(pool, org, email, null, "active");
        latest(patient, org, RosterAffiliation::active);
        List<ConsumerRecord<String, String>> all = TopicReader.read(bootstrap, Topics.ROSTER_AFFILIATIONS,
                rs -> false, Duration.ofSeconds(2));
        for (ConsumerRecord<String, String> r : all) {
            assertFalse(r.value().contains(email) || r.value().contains("Patient") || r.value().contains("Test"),
                    "a roster record holds no PHI: " + r.value());
        }
    }

    @Test
    void aClientFoundByEmailIsWrittenBackToAPatientWithoutOne() throws Exception {
        UUID org = SchedulerTestSupport.organization(pool, "Link Center");
        UUID patient = SchedulerTestSupport.patient(pool, org, "link-" + UUID.randomUUID() + "@example.org", null, "active");
        int clientId = 610_000 + (int) (System.nanoTime() % 100_000);
        UUID holder = SchedulerTestSupport.patient(pool, org, "holder-" + UUID.randomUUID() + "@example.org",
                clientId + 1, "active");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            // a client another patient already has is not taken; then the patient's own client is, once
            for (int client : new int[] {clientId + 1, clientId, clientId}) {
                producer.send(new ProducerRecord<>(Topics.ROSTER_CLIENT_LINKS, patient.toString(),
                        ContractJson.mapper().writeValueAsString(ClientLink.of(patient, client, Instant.now())))).get();
            }
            // an unreadable link is skipped, the next one still applied
            producer.send(new ProducerRecord<>(Topics.ROSTER_CLIENT_LINKS, "x", "{not json")).get();
        }
        RosterAffiliation linked = latest(patient, org, a -> Integer.valueOf(clientId).equals(a.intakeqClientId()));
        assertTrue(linked.active());
        assertEquals(clientId, pool.preparedQuery("SELECT intakeq_client_id FROM scheduler.patients WHERE id = $1")
                .execute(Tuple.of(patient)).await().indefinitely().iterator().next().getInteger(0));
        assertEquals(clientId + 1, pool.preparedQuery("SELECT intakeq_client_id FROM scheduler.patients WHERE id = $1")
                .execute(Tuple.of(holder)).await().indefinitely().iterator().next().getInteger(0));
    }

    private RosterAffiliation latest(UUID patient, UUID org, Predicate<RosterAffiliation> wanted) {
        return RosterRecords.latest(bootstrap, patient, org, wanted);
    }

    private void sql(String statement, Object... args) {
        pool.preparedQuery(statement).execute(Tuple.from(args)).await().indefinitely();
    }
}
