package io.recoverysync.synclog;

import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.contracts.kafka.ContractSerializer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Publishes contract events to the test broker the way the scheduler and the sync services do. */
final class SyncEvents implements AutoCloseable {
    private final KafkaProducer<String, Object> producer;

    SyncEvents() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ContractSerializer.class.getName()));
    }

    static RunStarted runStarted(UUID runId, UUID organizationId, int expected) {
        return runStarted(runId, organizationId, expected, SyncType.MANUAL_BULK);
    }

    static RunStarted runStarted(UUID runId, UUID organizationId, int expected, SyncType type) {
        return new RunStarted(MessageIds.runStarted(runId), RunStarted.VERSION, runId, type,
                organizationId, expected, "dashboard", null, Instant.now().minusMillis(50));
    }

    static SyncResult succeeded(UUID runId, UUID organizationId, UUID patientId, int created, int updated,
            int unchanged, int errors) {
        return new SyncResult(UUID.randomUUID(), SyncResult.VERSION, runId, organizationId, patientId,
                SyncResult.SOURCE_APPOINTMENTS, ResultStatus.SUCCEEDED, null, null, created, updated, unchanged,
                errors, 12, Instant.now());
    }

    static SyncResult failed(UUID runId, UUID organizationId, UUID patientId, ReasonCode reason, String detail) {
        return new SyncResult(UUID.randomUUID(), SyncResult.VERSION, runId, organizationId, patientId,
                SyncResult.SOURCE_APPOINTMENTS, ResultStatus.FAILED, reason, detail, 0, 0, 0, 0, 7, Instant.now());
    }

    /** Sends {@code event} to {@code sync.runs} keyed by its run and waits for the broker's ack. */
    RecordMetadata send(RunStarted event) {
        return send(new ProducerRecord<>(Topics.SYNC_RUNS, event.runId().toString(), event));
    }

    /** Sends {@code result} to {@code sync.results} keyed by its run and waits for the broker's ack. */
    RecordMetadata send(SyncResult result) {
        return send(new ProducerRecord<>(Topics.SYNC_RESULTS, result.runId().toString(), result));
    }

    /** Sends {@code value} to one partition, to be consumed after whatever was sent there before. */
    RecordMetadata sendTo(String topic, int partition, String key, Object value) {
        return send(new ProducerRecord<>(topic, partition, key, value));
    }

    private RecordMetadata send(ProducerRecord<String, Object> record) {
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
