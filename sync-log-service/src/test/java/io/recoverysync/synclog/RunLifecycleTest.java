package io.recoverysync.synclog;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.ResultStatus;
import io.recoverysync.contracts.RunStarted;
import io.recoverysync.contracts.SyncResult;
import io.recoverysync.contracts.SyncType;
import io.recoverysync.testsupport.KafkaBrokerResource;
import io.recoverysync.testsupport.PostgresResource;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A run's way from RunStarted and results on Kafka to its final status in {@code sync_logs}. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class RunLifecycleTest extends WithSyncEvents {
    @Test
    void runWithAllResultsSucceededCompletesWithSummedCounts() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, org, 3));
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 1, 2, 3, 0));
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 2, 0, 1, 1));
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 0, 1, 0, 0));

        Runs.awaitStatus(run, "completed")
                .body("id", equalTo(run.toString()))
                .body("syncType", equalTo("manual_bulk"))
                .body("organizationId", equalTo(org.toString()))
                .body("triggeredBy", equalTo("dashboard"))
                .body("patientsExpected", equalTo(3))
                .body("patientsProcessed", equalTo(3))
                .body("patientsFailed", equalTo(0))
                .body("appointmentsNew", equalTo(3))
                .body("appointmentsUpdated", equalTo(3))
                .body("appointmentsUnchanged", equalTo(4))
                .body("appointmentsErrors", equalTo(1))
                .body("ehrNotesSynced", equalTo(0))
                .body("completedAt", notNullValue())
                .body("durationMs", notNullValue())
                .body("durationMs", greaterThanOrEqualTo(0))
                .body("progressPercent", equalTo(100))
                .body("errorCount", equalTo(0))
                .body("errors", aMapWithSize(0));
    }

    @Test
    void failedPatientMakesPartialSuccessWithItsReasonCode() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID failing = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, org, 2));
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 1, 0, 0, 0));
        events.send(SyncEvents.failed(run, org, failing, ReasonCode.PATIENT_NO_EMAIL, "no email in roster"));

        Runs.awaitStatus(run, "partial_success")
                .body("patientsProcessed", equalTo(2))
                .body("patientsFailed", equalTo(1))
                .body("appointmentsNew", equalTo(1))
                .body("errorCount", equalTo(1))
                .body("errors", aMapWithSize(1))
                .body("errors.'" + failing + "'.reasonCode", equalTo("PATIENT_NO_EMAIL"))
                .body("errors.'" + failing + "'.detail", equalTo("no email in roster"))
                .body("errors.'" + failing + "'.source", equalTo("appointments"))
                .body("completedAt", notNullValue());
    }

    @Test
    void resultsBeforeTheirRunStartedStillCompleteTheRun() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 2, 0, 0, 0));
        events.send(SyncEvents.succeeded(run, org, UUID.randomUUID(), 0, 1, 1, 0));

        Runs.awaitProcessed(run, 2)
                .body("status", equalTo("running"))
                .body("patientsExpected", nullValue())
                .body("progressPercent", nullValue())
                .body("completedAt", nullValue());

        events.send(SyncEvents.runStarted(run, org, 2));

        Runs.awaitStatus(run, "completed")
                .body("syncType", equalTo("manual_bulk"))
                .body("triggeredBy", equalTo("dashboard"))
                .body("organizationId", equalTo(org.toString()))
                .body("patientsExpected", equalTo(2))
                .body("patientsProcessed", equalTo(2))
                .body("appointmentsNew", equalTo(2))
                .body("appointmentsUpdated", equalTo(1))
                .body("appointmentsUnchanged", equalTo(1))
                .body("durationMs", notNullValue())
                .body("progressPercent", equalTo(100));
    }

    @Test
    void runWhoseResultsAllFailedIsFailed() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, org, 2));
        events.send(SyncEvents.failed(run, org, first, ReasonCode.INTAKEQ_UNAVAILABLE, "HTTP 503"));
        events.send(SyncEvents.failed(run, org, second, null, null));

        Runs.awaitStatus(run, "failed")
                .body("patientsProcessed", equalTo(2))
                .body("patientsFailed", equalTo(2))
                .body("errorCount", equalTo(2))
                .body("errors.'" + first + "'.reasonCode", equalTo("INTAKEQ_UNAVAILABLE"))
                .body("errors.'" + second + "'.reasonCode", equalTo("INTERNAL_ERROR"));
    }

    @Test
    void runExpectingNoPatientsCompletesAtOnce() {
        UUID run = UUID.randomUUID();
        events.send(SyncEvents.runStarted(run, UUID.randomUUID(), 0));

        Runs.awaitStatus(run, "completed")
                .body("patientsExpected", equalTo(0))
                .body("patientsProcessed", equalTo(0))
                .body("progressPercent", equalTo(100))
                .body("durationMs", notNullValue())
                .body("completedAt", notNullValue());
    }

    @Test
    void ehrResultsCountAsNotesNotAppointments() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID failing = UUID.randomUUID();
        events.send(new RunStarted(UUID.randomUUID(), RunStarted.VERSION, run, SyncType.EHR, org, 2, "outbox",
                null, Instant.now()));
        events.send(ehr(run, org, UUID.randomUUID(), ResultStatus.SUCCEEDED, null));
        events.send(ehr(run, org, failing, ResultStatus.FAILED, ReasonCode.INTERNAL_ERROR));

        Runs.awaitStatus(run, "partial_success")
                .body("syncType", equalTo("ehr"))
                .body("ehrNotesSynced", equalTo(1))
                .body("ehrNotesFailed", equalTo(1))
                .body("appointmentsNew", equalTo(0))
                .body("patientsFailed", equalTo(1))
                .body("errors.'" + failing + "'.source", equalTo("ehr"));
    }

    @Test
    void anHourlyEhrRunCountsEveryNoteOfItsPatients() {
        UUID run = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        UUID failing = UUID.randomUUID();
        events.send(new RunStarted(UUID.randomUUID(), RunStarted.VERSION, run, SyncType.EHR, org, 2, "ehr-sync",
                null, Instant.now()));
        events.send(new SyncResult(UUID.randomUUID(), SyncResult.VERSION, run, org, UUID.randomUUID(), SyncResult.SOURCE_EHR,
                ResultStatus.SUCCEEDED, null, "3 note(s) stored, 0 failed", 0, 0, 0, 0, 20, Instant.now(), 3, 0));
        events.send(new SyncResult(UUID.randomUUID(), SyncResult.VERSION, run, org, failing, SyncResult.SOURCE_EHR,
                ResultStatus.FAILED, ReasonCode.EHRBASE_REJECTED, "1 note(s) stored, 2 failed", 0, 0, 0, 0, 20,
                Instant.now(), 1, 2));

        Runs.awaitStatus(run, "partial_success")
                .body("ehrNotesSynced", equalTo(4))
                .body("ehrNotesFailed", equalTo(2))
                .body("patientsProcessed", equalTo(2))
                .body("patientsFailed", equalTo(1));
    }

    @Test
    void nightlyRunKeepsItsBusinessDate() {
        UUID run = UUID.randomUUID();
        events.send(new RunStarted(UUID.randomUUID(), RunStarted.VERSION, run, SyncType.AUTOMATED_DAILY,
                UUID.randomUUID(), 0, "scheduler", "2025-03-14", Instant.now()));

        Runs.awaitStatus(run, "completed")
                .body("syncType", equalTo("automated_daily"))
                .body("businessDate", equalTo("2025-03-14"));
    }

    @Test
    void crossOrganizationRunTakesNoOrganizationFromItsResults() {
        UUID run = UUID.randomUUID();
        UUID patientOrg = UUID.randomUUID();
        events.send(SyncEvents.succeeded(run, patientOrg, UUID.randomUUID(), 1, 0, 0, 0));
        Runs.awaitProcessed(run, 1)
                .body("organizationId", equalTo(patientOrg.toString()));

        events.send(new RunStarted(UUID.randomUUID(), RunStarted.VERSION, run, SyncType.AUTOMATED_DAILY, null, 2,
                "scheduler", null, Instant.now()));
        events.send(SyncEvents.succeeded(run, UUID.randomUUID(), UUID.randomUUID(), 1, 0, 0, 0));

        Runs.awaitStatus(run, "completed")
                .body("organizationId", nullValue())
                .body("syncType", equalTo("automated_daily"))
                .body("appointmentsNew", equalTo(2));
    }

    private static SyncResult ehr(UUID run, UUID org, UUID patient, ResultStatus status, ReasonCode reason) {
        // EHR results carry appointment counts of zero; any non-zero value must not reach the appointment totals
        return new SyncResult(UUID.randomUUID(), SyncResult.VERSION, run, org, patient, SyncResult.SOURCE_EHR,
                status, reason, null, 5, 5, 5, 5, 20, Instant.now());
    }
}
