package io.recoverysync.dashboard;

import java.util.List;

/**
 * The organization's sync history: its recent runs, newest first, each said in words (when in the organization's
 * zone, what started it, how it ended) with a link to its page, where failed patients are named.
 */
public record HistoryPage(String organizationName, String timeZone, List<Run> runs) {

    /** One run: {@code failed} patients that were not refreshed (named on the run's page). */
    public record Run(String runId, String when, String title, String result, boolean running, int failed) {
    }
}
