package io.recoverysync.synclog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.MessageIds;
import io.recoverysync.contracts.SyncCommand;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.contracts.Topics;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A command that ended in sync.commands.dlq shows in its run as the patient's DEAD_LETTERED failure. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class DeadLetteredCommandTest extends WithSyncEvents {

    @Test
    void deadLetteredCommandEndsItsRunWithAVisibleFailure() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID fine = UUID.randomUUID();
        UUID stuck = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, org, 2));
        events.send(SyncEvents.succeeded(run, org, fine, 2, 0, 0, 0));
        SyncCommand command = new SyncCommand(MessageIds.command(run, stuck), SyncCommand.VERSION, run,
                SyncType.MANUAL_BULK, org, stuck, Instant.now());
        events.sendTo(Topics.SYNC_COMMANDS_DLQ, 0, stuck.toString(), command);
        events.sendTo(Topics.SYNC_COMMANDS_DLQ, 0, "garbage", "{not a command");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Runs.asOps().get("/api/sync-logs/" + run)
                .then().statusCode(200).body("status", equalTo("partial_success")));
        Runs.asOps().get("/api/sync-logs/" + run).then()
                .body("patientsFailed", equalTo(1))
                .body("appointmentsNew", equalTo(2))
                .body("errors." + stuck + ".reasonCode", equalTo("DEAD_LETTERED"))
                .body("errors." + stuck + ".detail", startsWith("dead-lettered at sync.commands.dlq"));
    }
}
