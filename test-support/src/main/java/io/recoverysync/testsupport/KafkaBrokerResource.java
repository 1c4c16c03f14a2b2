package io.recoverysync.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test at the JVM's shared in-process Kafka broker. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by its shutdown hook
    }
}
