package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.SignedNotes;
import io.recoverysync.dashboard.NotesPage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A clinician's notes in words: whom, when signed, and where each stands on its way to the EHR. */
public final class NoteWords {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM h:mm a", Locale.US);

    private NoteWords() {
    }

    public static NotesPage page(ZoneId zone, List<SignedNotes.Note> notes, List<RosterPage.Patient> patients) {
        Map<UUID, String> names = new HashMap<>();
        patients.forEach(p -> names.put(p.patientId(), DayView.name(p)));
        return new NotesPage(zone.getId(), notes.stream()
                .map(n -> new NotesPage.Note(names.getOrDefault(n.patientId(), "A patient no longer active"),
                        n.signedAt() == null ? "" : when(n.signedAt(), zone),
                        n.revision() > 1 ? "Revision " + n.revision() : "",
                        state(n, zone), !"completed".equals(n.status()) && !"superseded".equals(n.status())))
                .toList());
    }

    /** Where a note stands, in words a clinician can act on. */
    static String state(SignedNotes.Note n, ZoneId zone) {
        return switch (n.status() == null ? "" : n.status()) {
            case "completed" -> "Sent to the EHR" + (n.completedAt() == null ? "" : " at " + when(n.completedAt(), zone));
            case "superseded" -> "Replaced by a later revision";
            case "in_progress" -> "Being sent to the EHR";
            case "failed" -> "Not sent: " + (n.lastError() != null ? n.lastError() : RunWords.reason(n.failureReason()))
                    + ". Operations can see it and send it again.";
            default -> n.attempts() == 0 ? "Waiting to be sent"
                    : "Waiting: " + (n.lastError() == null ? "the EHR did not take it yet" : n.lastError())
                            + (n.nextAttemptAt() == null ? "" : " (next try at " + when(n.nextAttemptAt(), zone) + ")");
        };
    }

    private static String when(Instant instant, ZoneId zone) {
        return WHEN.format(instant.atZone(zone));
    }
}
