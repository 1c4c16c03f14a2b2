package io.recoverysync.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every record of every topic and looks for seeded PHI and secrets in it (or in a log). */
final class PhiScan {
    private PhiScan() {
    }

    /** Every record value (and header value) of every non-internal topic, by topic, read to the end. */
    static Map<String, List<String>> readEveryTopic(String bootstrapServers) throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            topics = admin.listTopics().names().get();
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, List<String>> values = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    List<String> into = values.computeIfAbsent(r.topic(), t -> new ArrayList<>());
                    into.add(String.valueOf(r.key()) + " " + String.valueOf(r.value()));
                    r.headers().forEach(h -> into.add(h.key() + "=" + new String(h.value() == null ? new byte[0] : h.value(),
                            java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        }
        return values;
    }

    /** One line per PHI string or secret found in {@code text}, naming where (never printing the secret itself). */
    static List<String> find(String text, List<String> phi, List<String> secrets, String where) {
        List<String> found = new ArrayList<>();
        for (String p : phi) {
            if (text.contains(p)) {
                found.add(where + " contains PHI \"" + p + "\"");
            }
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i) != null && !secrets.get(i).isBlank() && text.contains(secrets.get(i))) {
                found.add(where + " contains secret #" + i);
            }
        }
        return found;
    }
}
