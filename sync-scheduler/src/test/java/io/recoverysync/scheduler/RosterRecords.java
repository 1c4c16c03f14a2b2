package io.recoverysync.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recoverysync.contracts.ContractJson;
import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.contracts.Topics;
import io.recoverysync.testsupport.TopicReader;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test helper: what {@code roster.affiliations} says of one (patient, organization), newest revision first. */
final class RosterRecords {
    private RosterRecords() {
    }

    /** Waits up to 20 s for the newest record of (patient, organization) to satisfy {@code wanted}; returns it. */
    static RosterAffiliation latest(String bootstrap, UUID patient, UUID org, Predicate<RosterAffiliation> wanted) {
        String key = RosterAffiliation.key(patient, org);
        List<ConsumerRecord<String, String>> records = TopicReader.read(bootstrap, Topics.ROSTER_AFFILIATIONS,
                rs -> newest(rs, key) != null && wanted.test(newest(rs, key)), Duration.ofSeconds(20));
        RosterAffiliation newest = newest(records, key);
        assertTrue(newest != null && wanted.test(newest), "no matching record for " + key + ", newest: " + newest);
        return newest;
    }

    static RosterAffiliation newest(List<ConsumerRecord<String, String>> records, String key) {
        RosterAffiliation best = null;
        for (ConsumerRecord<String, String> r : records) {
            if (key.equals(r.key())) {
                try {
                    RosterAffiliation a = ContractJson.mapper().readValue(r.value(), RosterAffiliation.class);
                    if (best == null || a.revision() > best.revision()) {
                        best = a;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return best;
    }
}
