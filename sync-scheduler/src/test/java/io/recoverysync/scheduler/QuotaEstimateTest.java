package io.recoverysync.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverysync.contracts.ContractJson;
import io.recoverysync.scheduler.client.QuotaEstimator;
import io.recoverysync.scheduler.client.QuotaEstimator.Estimate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The bulk-run estimate against the shared IntakeQ budget. */
class QuotaEstimateTest {
    private final Instant now = Instant.parse("2026-11-23T15:00:00Z");

    private static JsonNode quota(String json) throws Exception {
        return ContractJson.mapper().readTree(json);
    }

    @Test
    void basePlanRunOfOneHundredPatientsTakesTenMinutesAfterQueuedWork() throws Exception {
        Estimate e = QuotaEstimator.compute(100, quota("""
                {"requestsPerMinute":10,"requestsPerDay":500,"usedToday":120,"remainingToday":380,
                 "nextSlotAt":"2026-11-23T15:02:00Z","pausedUntil":null}"""), now);
        assertEquals(100, e.requestsNeeded());
        assertEquals(380, e.remainingToday());
        assertTrue(e.fitsInDailyBudget());
        assertEquals(Instant.parse("2026-11-23T15:12:00Z"), e.estimatedFinishAt(), "starts after the queued slot");
    }

    @Test
    void aRunLargerThanTodaysBudgetSaysSoAndOnlyCountsWhatFits() throws Exception {
        Estimate e = QuotaEstimator.compute(100, quota("""
                {"requestsPerMinute":10,"requestsPerDay":500,"usedToday":470,"remainingToday":30,
                 "nextSlotAt":"2026-11-23T14:00:00Z","pausedUntil":"2026-11-23T15:01:00Z"}"""), now);
        assertFalse(e.fitsInDailyBudget());
        assertTrue(e.note().contains("30 of the 100") && e.note().contains("QUOTA_EXHAUSTED"), e.note());
        assertEquals(Instant.parse("2026-11-23T15:04:00Z"), e.estimatedFinishAt(), "paused until 15:01, 30 requests at 10/min");
    }

    @Test
    void withThePracticeMirrorARefreshOfEveryPatientCostsOneIncrementalRead() throws Exception {
        Estimate e = QuotaEstimator.compute(480, quota("""
                {"requestsPerMinute":10,"requestsPerDay":500,"usedToday":490,"remainingToday":10,
                 "nextSlotAt":null,"pausedUntil":null,"refreshRequests":2}"""), now);
        assertEquals(2, e.requestsNeeded(), "one practice-wide read serves all 480 patients");
        assertTrue(e.fitsInDailyBudget());
        assertEquals(Instant.parse("2026-11-23T15:00:12Z"), e.estimatedFinishAt());
    }

    @Test
    void unlimitedPlanHasNoDailyCap() throws Exception {
        Estimate e = QuotaEstimator.compute(5, quota("""
                {"requestsPerMinute":0,"requestsPerDay":null,"usedToday":3,"remainingToday":null}"""), now);
        assertNull(e.remainingToday());
        assertTrue(e.fitsInDailyBudget());
        assertEquals(now, e.estimatedFinishAt());
    }
}
