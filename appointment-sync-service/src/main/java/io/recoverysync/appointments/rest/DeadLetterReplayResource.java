package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.Topics;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Problem;
import io.recoverysync.servicekit.QueryParams;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ops replay of {@code sync.commands.dlq}: re-publishes each readable dead-lettered command, unchanged (same
 * message id, so handling stays idempotent), to its lane topic, and commits the replay group's offsets afterwards.
 * The dead-letter partitions are assigned and read from the replay group's committed offsets up to the end offsets
 * they had when the replay began (no consumer-group join, so a broker's initial rebalance delay never makes a replay
 * read nothing).
 * Unreadable records are skipped and counted. Blocking Kafka clients, so it runs on a worker thread.
 */
@Path("/internal/dlq/sync-commands/replay")
@RolesAllowed(Caller.OPS)
public class DeadLetterReplayResource {
    static final String REPLAY_GROUP = "appointment-sync-dlq-replay";
    private static final Logger LOG = Logger.getLogger(DeadLetterReplayResource.class);

    private final AppointmentSyncConfig config;
    private final String bootstrapServers;

    public DeadLetterReplayResource(AppointmentSyncConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    /** What a replay did. */
    public record Replayed(int replayed, int skippedUnreadable) {
    }

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response replay(@QueryParam("max") String maxParam) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int max = QueryParams.wholeNumber("max", maxParam, 100, 1, 10_000, errors);
        if (!errors.isEmpty()) {
            return Problem.invalid("The request is invalid.", errors).toResponse();
        }
        return Response.ok(replay(max)).build();
    }

    private Replayed replay(int max) {
        Map<String, Object> consumerProps = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // the group only keeps the replay's committed offsets: partitions are assigned, never subscribed, so
                // no rebalance (and no group.initial.rebalance.delay.ms of a normally configured broker) is waited for
                ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(max, 500),
                ConsumerConfig.CLIENT_ID_CONFIG, "dlq-replay-" + UUID.randomUUID());
        Map<String, Object> producerProps = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        int replayed = 0;
        int unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SYNC_COMMANDS_DLQ, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(10));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                if (at == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, at.offset());
                }
            }
            // replay what the topic holds now: up to each partition's end at the start
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (replayed + unreadable < max && System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(10)) < end.get(p))) {
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (replayed + unreadable >= max) {
                        break;
                    }
                    SyncCommand command = read(record.value());
                    if (command == null) {
                        unreadable++;
                    } else {
                        producer.send(new ProducerRecord<>(Topics.commandsFor(command.syncType()), record.key(), record.value()));
                        replayed++;
                    }
                    done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                }
                producer.flush();
                if (!done.isEmpty()) {
                    consumer.commitSync(done); // only after the re-published commands are on the broker
                    // a poll may have fetched past what was handled: continue right after the handled records
                    done.forEach((partition, offset) -> consumer.seek(partition, offset.offset()));
                }
            }
        }
        LOG.infof("replayed %d dead-lettered commands, skipped %d unreadable", replayed, unreadable);
        return new Replayed(replayed, unreadable);
    }

    private static SyncCommand read(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            SyncCommand command = ContractJson.mapper().readValue(value, SyncCommand.class);
            return command == null || command.messageId() == null || command.runId() == null
                    || command.patientId() == null || command.syncType() == null ? null : command;
        } catch (IOException e) {
            return null;
        }
    }
}
