package io.recoverysync.appointments;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.contracts.RosterAffiliation;
import io.recoverysync.contracts.Topics;
import io.recoverysync.testsupport.IntakeQSimulatorResource;
import io.recoverysync.testsupport.KafkaBroker;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.Postgres;
import io.recoverysync.testsupport.PostgresResource;
import io.recoverysync.testsupport.RosterTopic;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The roster view rebuilds itself: the service starts on a new, empty database (a restore or replacement) while
 * the group {@code appointment-sync-roster} has committed offsets at the end of {@code roster.affiliations}, and
 * nothing is republished — yet the view holds the patient published before, and its position in the topic.
 */
@QuarkusTest
@TestProfile(RosterRebuildTest.ReplacedDatabase.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(IntakeQSimulatorResource.class)
@QuarkusTestResource(RosterFixture.class)
class RosterRebuildTest {
    /** Fixed: the resource and the test class may be loaded by different class loaders. */
    static final UUID PATIENT = UUID.fromString("0a000000-0000-4000-8000-00000000bb02");
    static final UUID ORGANIZATION = UUID.fromString("0a000000-0000-4000-8000-00000000bb03");

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
            RosterTopic roster = new RosterTopic("appointments", PostgresResource.defaultName(), bootstrap);
            roster.publish(PATIENT, ORGANIZATION, RosterAffiliation.ACTIVE, 4711);
            roster.commitGroupAtEnd("appointment-sync-roster");
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void anEmptyViewIsRebuiltFromTheTopicWithoutARepublish() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "active".equals(status()));
        // the view's position in the topic is stored with it (what a later restore rolls back together)
        try (Connection c = Postgres.shared().connect(PostgresResource.defaultName());
                PreparedStatement s = c.prepareStatement("SELECT max(next_offset) FROM appointments.roster_view_positions"
                        + " WHERE topic = ?")) {
            s.setString(1, Topics.ROSTER_AFFILIATIONS);
            try (ResultSet rs = s.executeQuery()) {
                org.junit.jupiter.api.Assertions.assertTrue(rs.next() && rs.getLong(1) > 0, "a stored position");
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String status() throws java.sql.SQLException {
        try (Connection c = Postgres.shared().connect(PostgresResource.defaultName());
                PreparedStatement s = c.prepareStatement("SELECT status FROM appointments.roster_affiliations"
                        + " WHERE patient_id = ? AND organization_id = ?")) {
            s.setObject(1, PATIENT);
            s.setObject(2, ORGANIZATION);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            return null; // not migrated yet
        }
    }
}
