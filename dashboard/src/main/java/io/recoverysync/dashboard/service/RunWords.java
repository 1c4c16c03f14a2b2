package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.SyncLogEntry;
import io.recoverysync.dashboard.RunPage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A run said in words for its page: progress while it runs, the summary once it ended, failures by patient name. */
public final class RunWords {
    private RunWords() {
    }

    public static RunPage of(SyncLogEntry run, List<RosterPage.Patient> patients) {
        Map<String, String> names = new HashMap<>();
        patients.forEach(p -> names.put(p.patientId().toString(), DayView.name(p)));
        List<RunPage.Failure> failures = new ArrayList<>();
        if (run.errors() != null) {
            run.errors().forEach((patientId, error) -> failures.add(new RunPage.Failure(
                    names.getOrDefault(patientId, "A patient no longer on the roster"), reason(error.reasonCode()))));
        }
        failures.sort(Comparator.comparing(RunPage.Failure::patient));
        int expected = run.patientsExpected() == null ? 0 : run.patientsExpected();
        String counts = "New " + run.appointmentsNew() + " · Updated " + run.appointmentsUpdated() + " · Unchanged "
                + run.appointmentsUnchanged();
        if (run.running()) {
            String progress = run.patientsExpected() == null ? "Starting…"
                    : run.patientsProcessed() + " of " + expected + " patients done";
            return new RunPage(run.id().toString(), true, "Refreshing appointments…", progress, run.progressPercent(), failures);
        }
        int synced = run.patientsProcessed() - run.patientsFailed();
        String headline = switch (run.status()) {
            case "completed" -> "Synced " + synced + " patient" + (synced == 1 ? "" : "s") + " · " + counts;
            case "partial_success" -> "Synced " + synced + " of " + expected + " patients · " + counts;
            case "timed_out" -> "Stopped waiting after " + run.patientsProcessed() + " of " + expected
                    + " patients · " + counts;
            default -> "The refresh failed · " + counts;
        };
        return new RunPage(run.id().toString(), false, headline, null, 100, failures);
    }

    /** A reason code in words a case manager can act on. */
    public static String reason(String code) {
        ReasonCode reason;
        try {
            reason = code == null ? ReasonCode.INTERNAL_ERROR : ReasonCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            reason = ReasonCode.INTERNAL_ERROR;
        }
        return switch (reason) {
            case PATIENT_NO_EMAIL -> "No email and no IntakeQ client on the roster, so IntakeQ cannot be matched";
            case AMBIGUOUS_CLIENT -> "More than one IntakeQ client could be this patient";
            case PATIENT_NOT_FOUND -> "No longer on the roster";
            case UNKNOWN_PRACTITIONER -> "An appointment's provider is not set up yet (shown without a provider)";
            case INTAKEQ_UNAUTHORIZED -> "IntakeQ refused the clinic's API key";
            case INTAKEQ_RATE_LIMITED, QUOTA_EXHAUSTED -> "IntakeQ's request allowance was used up; the next run picks it up";
            case INTAKEQ_UNAVAILABLE -> "IntakeQ could not be reached";
            case INTAKEQ_BAD_RESPONSE -> "IntakeQ's answer could not be read";
            case DEAD_LETTERED -> "The refresh could not be handled; operations were alerted";
            case ROSTER_UNAVAILABLE -> "The roster could not be read";
            case EHRBASE_REJECTED, EHRBASE_UNAUTHORIZED, EHRBASE_UNAVAILABLE, EHRBASE_MISCONFIGURED ->
                    "The EHR could not take a note";
            case INTERNAL_ERROR -> "Something went wrong; operations can see the details";
        };
    }
}
