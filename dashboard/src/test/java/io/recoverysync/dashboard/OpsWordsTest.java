package io.recoverysync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.recoverysync.contracts.api.Operations;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.SyncLogEntry;
import io.recoverysync.dashboard.service.OpsWords;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operations page in words: runs by organization name, the budget and the mirror, the EHR queue. */
class OpsWordsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void runsNameTheirOrganization() {
        UUID summit = UUID.randomUUID();
        SyncLogEntry run = new SyncLogEntry(UUID.randomUUID(), "automated_daily", "completed", summit,
                Instant.parse("2026-12-07T10:00:00Z"), NOW, 3, 3, 0, 1, 0, 2, 0, 100, null);
        SyncLogEntry gone = new SyncLogEntry(UUID.randomUUID(), "manual_bulk", "running", UUID.randomUUID(), NOW, null,
                null, 0, 0, 0, 0, 0, 0, null, null);
        List<OpsPage.Run> runs = OpsWords.runs(List.of(run, gone),
                List.of(new RosterOrganization(summit, "Summit", "America/Denver", false)));
        assertEquals("Summit", runs.get(0).organization());
        assertEquals("Mon 7 Dec 10:00 UTC", runs.get(0).when());
        assertEquals("Synced 3 patients · New 1 · Updated 0 · Unchanged 2", runs.get(0).result());
        assertEquals("Unknown organization", runs.get(1).organization());
        assertEquals("Starting…", runs.get(1).result(), "a run not yet announced, in the history's words");
    }

    @Test
    void theBudgetAndTheMirrorAreSaidInWordsAndAPauseOnlyWhileItLasts() {
        Operations.Quota quota = new Operations.Quota(10, 500, 120, 380, NOW, Instant.parse("2026-12-07T10:04:00Z"), 2);
        Operations.Mirror mirror = new Operations.Mirror(new Operations.MirrorState(Instant.parse("2026-12-07T09:59:00Z"),
                Instant.parse("2026-12-07T09:59:05Z"), "incremental", 3, Instant.parse("2026-12-07T03:00:00Z"), 302,
                null, null, "INTAKEQ_UNAVAILABLE", Instant.parse("2026-12-07T08:00:00Z")), 4, 1);
        assertEquals(List.of("Requests today: 120 of 500 (380 left) · 10 a minute",
                "Paused by IntakeQ (429) until Mon 7 Dec 10:04 UTC",
                "Refused by IntakeQ as too many (429) so far: 2",
                "Last full read started Mon 7 Dec 03:00 UTC (302 requests)",
                "Last read (incremental) started Mon 7 Dec 09:59 UTC (3 requests)",
                "Last failed read: IntakeQ could not be reached (INTAKEQ_UNAVAILABLE), started Mon 7 Dec 08:00 UTC",
                "Waiting for the next read: 4 patient refreshes, 1 webhooks"), OpsWords.intakeq(quota, mirror, NOW));
        assertEquals(List.of("The IntakeQ budget could not be read.", "The practice mirror could not be read."),
                OpsWords.intakeq(null, null, NOW));
        assertEquals(List.of("Requests today: 120 of 500 (380 left) · 10 a minute",
                "Refused by IntakeQ as too many (429) so far: 2", "The practice mirror could not be read."),
                OpsWords.intakeq(new Operations.Quota(10, 500, 120, 380, NOW, NOW.minusSeconds(1), 2), null, NOW));
    }

    @Test
    void theEhrQueueListsEveryStateInOrder() {
        List<OpsPage.Count> queue = OpsWords.ehrQueue(Map.of("failed", 2L, "completed", 40L));
        assertEquals(List.of("Waiting to be sent (or retrying)", "Being sent", "Failed (re-drive below)",
                "Stored in the EHR", "Replaced by a later revision"), queue.stream().map(OpsPage.Count::label).toList());
        assertEquals(List.of(0L, 0L, 2L, 40L, 0L), queue.stream().map(OpsPage.Count::count).toList());
        assertNull(OpsWords.ehrQueue(null));
    }
}
