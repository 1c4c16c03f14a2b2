package io.recoverysync.synclog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.Topics;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Events that can never be applied end on the channel's dead-letter topic instead of stopping the consumer. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class DeadLetterTest {

    @Test
    void malformedRunStartedGoesToItsDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            raw.send(new ProducerRecord<>(Topics.SYNC_RUNS, key, "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.SYNC_RUNS_DLQ, key);
        assertNotNull(dead.headers().lastHeader("dead-letter-reason"));
    }

    @Test
    void resultFromAnUnknownSourceGoesToItsDeadLetterTopic() {
        UUID run = UUID.randomUUID();
        try (SyncEvents events = new SyncEvents()) {
            events.send(new SyncResult(UUID.randomUUID(), SyncResult.VERSION, run, UUID.randomUUID(),
                    UUID.randomUUID(), "billing", ResultStatus.SUCCEEDED, null, null, 0, 0, 0, 0, 1, Instant.now()));
        }
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.SYNC_RESULTS_DLQ, run.toString());
        assertNotNull(dead.value());
        Runs.get(run).statusCode(404);
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, String key) {
        AtomicReference<ConsumerRecord<String, byte[]>> found = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Runs.TIMEOUT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        found.set(record);
                    }
                }
                return found.get() != null;
            });
        }
        return found.get();
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
