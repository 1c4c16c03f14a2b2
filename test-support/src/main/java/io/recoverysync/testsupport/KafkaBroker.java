package io.recoverysync.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM.
 * Used by the tests and by the local stack; no Docker needed.
 */
public final class KafkaBroker implements AutoCloseable {
    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Starts a broker whose logs live under {@code baseDir}; {@code partitions} is the default for new topics. */
    public static KafkaBroker start(Path baseDir, int partitions) {
        try {
            Files.createDirectories(baseDir);
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setBaseDirectory(Files.createTempDirectory(baseDir, "kafka-"))
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            Map.of(
                    "offsets.topic.replication.factor", "1",
                    "offsets.topic.num.partitions", "4",
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    "auto.create.topics.enable", "true",
                    "num.partitions", Integer.toString(partitions))
                    .forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
        }
    }

    /** One broker for the whole JVM (all test classes of a module share it). */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start(Path.of(System.getProperty("java.io.tmpdir")), 4);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-broker-stop"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            // the JVM is going away; nothing left to do with a broker that will not stop cleanly
        }
    }
}
