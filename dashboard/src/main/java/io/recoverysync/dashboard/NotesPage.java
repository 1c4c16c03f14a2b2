package io.recoverysync.dashboard;

import java.util.List;

/** A clinician's signed notes and each one's way to the EHR, in words; times in the organization's zone. */
public record NotesPage(String timeZone, List<Note> notes) {

    /** One note: {@code state} in words ("Sent to the EHR at 10:42 AM"); {@code problem} true while it is not there. */
    public record Note(String patient, String signed, String revision, String state, boolean problem) {
    }
}
