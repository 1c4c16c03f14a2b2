package io.recoverysync.servicekit.roster;

import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Where the roster view reads {@code roster.affiliations} from: the position stored with the view in the service's
 * database ({@link RosterView#consume(io.recoverysync.contracts.RosterAffiliation, String, int, long)}), not the
 * consumer group's offset in Kafka. When a partition is assigned the consumer seeks to the view's stored position,
 * or to the beginning where the view has none (a new, emptied or replaced database). So a database restored from a
 * backup, or replaced by an empty one, re-reads what it lacks, without the roster's owner republishing anything;
 * records applied twice change nothing (highest revision wins). Not a bean by itself: each service produces one
 * for its roster channel with {@code @Identifier} and names it in
 * {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name}.
 */
public class RosterViewPositions implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(RosterViewPositions.class);
    private static final Duration READ_WAIT = Duration.ofSeconds(10);
    private static final int READ_ATTEMPTS = 6;

    private final RosterView view;

    public RosterViewPositions(RosterView view) {
        this.view = view;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String topic = partitions.iterator().next().topic();
        Map<Integer, Long> stored = storedPositions(topic);
        for (TopicPartition partition : partitions) {
            Long next = stored == null ? null : stored.get(partition.partition());
            if (next == null) {
                consumer.seekToBeginning(List.of(partition));
                LOG.infof("roster view: %s-%d read from the beginning (the view holds no position for it)", topic,
                        partition.partition());
            } else {
                consumer.seek(partition, next);
                LOG.debugf("roster view: %s-%d read from offset %d (the view's position)", topic, partition.partition(),
                        next);
            }
        }
    }

    /** The stored positions; while the database does not answer a few times, null (read from the beginning). */
    private Map<Integer, Long> storedPositions(String topic) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
            try {
                return view.positions(topic).await().atMost(READ_WAIT);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        LOG.warnf("roster view: its positions could not be read (%s); reading %s from the beginning (repeats change "
                + "nothing)", last == null ? "?" : last.getClass().getSimpleName(), topic);
        return null;
    }
}
