package io.recoverysync.synclog;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.Topics;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** Redelivered and re-published events must leave a run's counts exactly as they were. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class RedeliveryTest extends WithSyncEvents {
    @Test
    void duplicatedResultsAndRunStartedChangeNoCount() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID firstPatient = UUID.randomUUID();
        RunStarted started = SyncEvents.runStarted(run, org, 2);
        SyncResult first = SyncEvents.succeeded(run, org, firstPatient, 1, 2, 3, 0);
        SyncResult second = SyncEvents.succeeded(run, org, UUID.randomUUID(), 4, 0, 0, 1);

        events.send(started);
        events.send(started);
        events.send(first);
        events.send(first);
        // re-published by a restarted worker: same run, patient and source under a new message id
        events.send(SyncEvents.succeeded(run, org, firstPatient, 9, 9, 9, 9));
        events.send(second);

        JsonPath completed = assertCounts(Runs.awaitStatus(run, "completed").extract().jsonPath());

        // more duplicates after the run ended, then a sentinel run behind them on the same partitions
        RecordMetadata lateStart = events.send(started);
        RecordMetadata lateResult = events.send(first);
        events.send(second);
        UUID sentinel = UUID.randomUUID();
        events.sendTo(Topics.SYNC_RUNS, lateStart.partition(), sentinel.toString(),
                SyncEvents.runStarted(sentinel, org, 1));
        events.sendTo(Topics.SYNC_RESULTS, lateResult.partition(), sentinel.toString(),
                SyncEvents.succeeded(sentinel, org, UUID.randomUUID(), 0, 0, 1, 0));
        Runs.awaitStatus(sentinel, "completed");

        JsonPath after = assertCounts(Runs.get(run).statusCode(200).body("status", equalTo("completed"))
                .extract().jsonPath());
        assertEquals(completed.getString("startedAt"), after.getString("startedAt"));
        assertEquals(completed.getString("completedAt"), after.getString("completedAt"));
        assertEquals(completed.getLong("durationMs"), after.getLong("durationMs"));
    }

    private static JsonPath assertCounts(JsonPath view) {
        assertEquals(2, view.getInt("patientsExpected"));
        assertEquals(2, view.getInt("patientsProcessed"));
        assertEquals(0, view.getInt("patientsFailed"));
        assertEquals(5, view.getInt("appointmentsNew"));
        assertEquals(2, view.getInt("appointmentsUpdated"));
        assertEquals(3, view.getInt("appointmentsUnchanged"));
        assertEquals(1, view.getInt("appointmentsErrors"));
        assertEquals(0, view.getInt("errorCount"));
        return view;
    }
}
