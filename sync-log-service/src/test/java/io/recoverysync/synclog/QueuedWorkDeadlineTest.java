package io.recoverysync.synclog;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A run's deadline counts the appointment work queued alongside it: a one-patient run fanned out with a 40-patient
 * run waits as long as their shared reads may take, while a one-patient run with nothing queued ends timed_out
 * after base + 1 patient.
 */
@QuarkusTest
@TestProfile(QueuedWorkDeadlineTest.SecondsPerPatient.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class QueuedWorkDeadlineTest extends WithSyncEvents {

    /** Deadline: 2 s + 1 s per patient (of the run and of the work queued alongside it), checked every second. */
    public static class SecondsPerPatient implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("sync-log.timeout.base", "PT2S", "sync-log.timeout.per-patient", "PT1S");
        }
    }

    @Test
    void aSmallRunStartedWithALargeOneWaitsForTheQueuedWork() throws Exception {
        UUID large = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        events.send(SyncEvents.runStarted(large, org, 40, SyncType.AUTOMATED_DAILY));
        events.send(SyncEvents.runStarted(small, UUID.randomUUID(), 1, SyncType.AUTOMATED_DAILY));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Runs.asOps().get("/api/sync-logs/" + small)
                .then().statusCode(200).body("status", equalTo("running")));
        Thread.sleep(7_000); // more than 2 s + 1 s for its own patient: alone it would have ended by now
        Runs.asOps().get("/api/sync-logs/" + small).then().statusCode(200).body("status", equalTo("running"));

        // once the queued work is done, a lone one-patient run ends at 2 s + 1 s
        for (int i = 0; i < 40; i++) {
            events.send(SyncEvents.succeeded(large, org, UUID.randomUUID(), 1, 0, 0, 0));
        }
        events.send(SyncEvents.succeeded(small, org, UUID.randomUUID(), 1, 0, 0, 0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Runs.asOps().get("/api/sync-logs/" + large)
                .then().statusCode(200).body("status", equalTo("completed")));
        UUID lone = UUID.randomUUID();
        events.send(SyncEvents.runStarted(lone, UUID.randomUUID(), 1, SyncType.MANUAL_BULK));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Runs.asOps().get("/api/sync-logs/" + lone)
                .then().statusCode(200).body("status", equalTo("timed_out")));
    }
}
