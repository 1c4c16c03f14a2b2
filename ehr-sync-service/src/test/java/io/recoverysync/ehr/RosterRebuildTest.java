package io.recoverysync.ehr;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.testsupport.KafkaBroker;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.RosterTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The roster view rebuilds itself: the service starts on a new, empty database (a restore or replacement) while
 * the consumer group {@code ehr-sync-roster} has committed offsets at the end of {@code roster.affiliations}, and
 * nothing is republished — yet the patient published before is known, and its note is accepted.
 */
@QuarkusTest
@TestProfile(RosterRebuildTest.ReplacedDatabase.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EhrbaseSimulatorResource.class)
class RosterRebuildTest {
    /** Fixed: the resource and the test class may be loaded by different class loaders. */
    static final UUID PATIENT = UUID.fromString("0a000000-0000-4000-8000-00000000bb01");

    /** A start on an empty database with the roster group's offsets at the end of the topic. */
    public static class ReplacedDatabase implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RosterPublishedBefore.class));
        }
    }

    /** Before the service starts: the roster record was published, and the group has read past it (in Kafka). */
    public static class RosterPublishedBefore implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String bootstrap = KafkaBroker.shared().bootstrapServers();
            RosterTopic roster = new RosterTopic("ehr", PostgresResource.defaultName(), bootstrap);
            roster.publish(PATIENT, Notes.ORGANIZATION, RosterAffiliation.ACTIVE, null);
            roster.commitGroupAtEnd("ehr-sync-roster");
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void anEmptyViewIsRebuiltFromTheTopicAndTheNoteAccepted() {
        // not published again: only the rebuilt view can know the patient
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Notes.sign(Notes.note(UUID.randomUUID(), 1, PATIENT)).statusCode() == 202);
        UUID noteId = UUID.randomUUID();
        Notes.sign(Notes.note(noteId, 1, PATIENT)).then().statusCode(202).body("duplicate", equalTo(false));
        Notes.awaitStatus(noteId, "completed", Duration.ofSeconds(30));
    }
}
