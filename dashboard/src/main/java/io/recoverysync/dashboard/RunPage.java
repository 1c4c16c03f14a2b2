package io.recoverysync.dashboard;

import java.util.List;

/**
 * A refresh of every patient as its page shows it: running with progress, then the summary in words
 * ("Synced 12 patients · New 3 · Updated 1 · Unchanged 20") and each failed patient by name with the reason in words.
 */
public record RunPage(String runId, String title, boolean running, String headline, String progress, Integer percent,
        List<Failure> failures, String note) {

    /** The same page with a note above the progress (what the IntakeQ budget allows, or that an open run was joined). */
    public RunPage withNote(String text) {
        return new RunPage(runId, title, running, headline, progress, percent, failures, text);
    }

    /** One patient whose sync failed, and why. */
    public record Failure(String patient, String reason) {
    }
}
