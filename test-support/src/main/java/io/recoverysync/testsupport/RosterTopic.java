package io.recoverysync.testsupport;

import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.contracts.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the roster's owner in a service's tests: publishes {@link RosterAffiliation} records on
 * {@code roster.affiliations} of the JVM's shared broker, as sync-scheduler's roster feed does, and waits until the
 * service under test has them in its roster view ({@code <schema>.roster_affiliations} of the test database).
 */
public final class RosterTopic {
    /** Revisions above any the real feed has used in a test database, increasing within the JVM. */
    private static final AtomicLong REVISION = new AtomicLong(System.currentTimeMillis() * 1000);
    private static final java.util.Map<String, KafkaProducer<String, String>> PRODUCERS = new java.util.HashMap<>();

    private final String schema;
    private final String database;
    private final String bootstrapServers;

    /**
     * For the service whose roster view lives in {@code schema} of {@code database} on the shared PostgreSQL, fed
     * from the broker at {@code bootstrapServers}.
     */
    public RosterTopic(String schema, String database, String bootstrapServers) {
        this.schema = schema;
        this.database = database;
        this.bootstrapServers = bootstrapServers;
    }

    /** For the service of the current module: the database {@link PostgresResource} made for it, the shared broker. */
    public static RosterTopic forSchema(String schema) {
        return new RosterTopic(schema, PostgresResource.defaultName(), KafkaBroker.shared().bootstrapServers());
    }

    /**
     * Commits {@code groupId}'s offsets on the roster topic at its end, as a consumer group that has read everything
     * leaves them (what a service whose database was restored or replaced finds in Kafka).
     */
    public void commitGroupAtEnd(String groupId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> group = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = group.partitionsFor(Topics.ROSTER_AFFILIATIONS, Duration.ofSeconds(10))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> atEnd = new HashMap<>();
            group.endOffsets(partitions, Duration.ofSeconds(10))
                    .forEach((tp, end) -> atEnd.put(tp, new OffsetAndMetadata(end)));
            group.commitSync(atEnd, Duration.ofSeconds(10));
        }
    }

    /** Makes the patient an active patient of the organization and waits until the view has it. */
    public void enrol(UUID patientId, UUID organizationId) {
        publishAndWait(patientId, organizationId, RosterAffiliation.ACTIVE, null);
    }

    /** Makes every patient an active patient of the organization (published together) and waits for the view. */
    public void enrolAll(java.util.Collection<UUID> patientIds, UUID organizationId) {
        java.util.Map<UUID, Long> revisions = new java.util.LinkedHashMap<>();
        patientIds.forEach(p -> revisions.put(p, publish(p, organizationId, RosterAffiliation.ACTIVE, null)));
        revisions.forEach((p, revision) -> awaitView(p, organizationId, revision));
    }

    /** Publishes {@code status} (active, inactive, discharged, removed) for the pair and waits until the view has it. */
    public void publishAndWait(UUID patientId, UUID organizationId, String status, Integer intakeqClientId) {
        publishAndWait(patientId, organizationId, status, intakeqClientId, true);
    }

    /** As {@link #publishAndWait(UUID, UUID, String, Integer)}, saying whether the roster holds an email. */
    public void publishAndWait(UUID patientId, UUID organizationId, String status, Integer intakeqClientId,
            boolean hasEmail) {
        awaitView(patientId, organizationId, publish(patientId, organizationId, status, intakeqClientId, hasEmail));
    }

    private void awaitView(UUID patientId, UUID organizationId, long revision) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (viewRevision(patientId, organizationId) < revision) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the roster view never showed " + RosterAffiliation.key(patientId, organizationId)
                        + " at revision " + revision);
            }
            sleep();
        }
    }

    /** Publishes one record (the roster holds an email), acknowledged by the broker; its revision. */
    public long publish(UUID patientId, UUID organizationId, String status, Integer intakeqClientId) {
        return publish(patientId, organizationId, status, intakeqClientId, true);
    }

    /** Publishes one record, acknowledged by the broker; its revision. */
    public long publish(UUID patientId, UUID organizationId, String status, Integer intakeqClientId, boolean hasEmail) {
        long revision = REVISION.incrementAndGet();
        RosterAffiliation record = new RosterAffiliation(MessageIds.rosterAffiliation(patientId, organizationId, revision),
                RosterAffiliation.VERSION, patientId, organizationId, status, intakeqClientId, hasEmail, revision,
                Instant.now());
        try {
            producer(bootstrapServers).send(new ProducerRecord<>(Topics.ROSTER_AFFILIATIONS,
                    RosterAffiliation.key(patientId, organizationId),
                    ContractJson.mapper().writeValueAsString(record))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not publish a roster record", e);
        }
        return revision;
    }

    private long viewRevision(UUID patientId, UUID organizationId) {
        try (Connection c = Postgres.shared().connect(database);
                PreparedStatement s = c.prepareStatement("SELECT revision FROM " + schema
                        + ".roster_affiliations WHERE patient_id = ? AND organization_id = ?")) {
            s.setObject(1, patientId);
            s.setObject(2, organizationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1; // the schema may not be migrated yet
        }
    }

    private static synchronized KafkaProducer<String, String> producer(String bootstrapServers) {
        return PRODUCERS.computeIfAbsent(bootstrapServers, servers -> {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
