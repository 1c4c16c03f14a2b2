package io.recoverysync.appointments.rest;

import io.recoverysync.appointments.config.AppointmentSyncConfig;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.Topics;
import io.recoverysync.servicekit.Caller;
import io.recoverysync.servicekit.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ops replay of {@code sync.commands.dlq}: re-publishes each readable dead-lettered command, unchanged (same
 * message id, so handling stays idempotent), to its lane topic, and commits the replay group's offsets afterwards.
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
    public Response replay(@QueryParam("max") @DefaultValue("100") String maxParam) {
        int max;
        try {
            max = Integer.parseInt(maxParam);
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > 10_000) {
            return Problem.invalid("The request is invalid.",
                    List.of(new Problem.FieldError("max", "must be a whole number from 1 to 10000"))).toResponse();
        }
        return Response.ok(replay(max)).build();
    }

    private Replayed replay(int max) {
        Map<String, Object> consumerProps = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(max, 500),
                ConsumerConfig.CLIENT_ID_CONFIG, "dlq-replay-" + UUID.randomUUID());
        Map<String, Object> producerProps = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        int replayed = 0;
        int unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(Topics.SYNC_COMMANDS_DLQ));
            int emptyPolls = 0;
            while (replayed + unreadable < max && emptyPolls < 3) {
                var records = consumer.poll(Duration.ofMillis(700));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, byte[]> record : records) {
                    SyncCommand command = read(record.value());
                    if (command == null) {
                        unreadable++;
                        continue;
                    }
                    producer.send(new ProducerRecord<>(Topics.commandsFor(command.syncType()), record.key(), record.value()));
                    replayed++;
                }
                producer.flush();
                consumer.commitSync(); // only after the re-published commands are on the broker
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
