package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.ReasonCode;
import io.recoverysync.contracts.api.RosterOrganization;
import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.SyncLogEntry;
import io.recoverysync.dashboard.HistoryPage;
import io.recoverysync.dashboard.RunPage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run said in words for its page: progress while it runs, the summary once it ended, failures by patient name. */
public final class RunWords {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy h:mm a", Locale.US);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

    private RunWords() {
    }

    public static RunPage of(SyncLogEntry run, List<RosterPage.Patient> patients) {
        Map<String, String> names = new HashMap<>();
        patients.forEach(p -> names.put(p.patientId().toString(), DayView.name(p)));
        return of(run, id -> names.getOrDefault(id, "A patient no longer on the roster"));
    }

    /** A run as an operator sees it: failed patients by id (their names are their organization's). */
    public static RunPage byPatientId(SyncLogEntry run) {
        return of(run, id -> "Patient " + id);
    }

    private static RunPage of(SyncLogEntry run, java.util.function.UnaryOperator<String> name) {
        List<RunPage.Failure> failures = new ArrayList<>();
        if (run.errors() != null) {
            run.errors().forEach((patientId, error) -> failures.add(new RunPage.Failure(name.apply(patientId),
                    reason(error.reasonCode()))));
        }
        failures.sort(Comparator.comparing(RunPage.Failure::patient));
        int expected = run.patientsExpected() == null ? 0 : run.patientsExpected();
        if (run.running()) {
            String progress = run.patientsExpected() == null ? "Starting…"
                    : run.patientsProcessed() + " of " + expected + " patients done";
            return new RunPage(run.id().toString(), title(run.syncType()), true, "Syncing appointments…", progress,
                    run.progressPercent(), failures, null);
        }
        String headline = headline(run);
        return new RunPage(run.id().toString(), title(run.syncType()), false, headline, null, 100, failures, null);
    }

    /** An ended run's summary: "Synced 12 patients · New 3 · Updated 1 · Unchanged 20". */
    static String headline(SyncLogEntry run) {
        int expected = run.patientsExpected() == null ? 0 : run.patientsExpected();
        int synced = run.patientsProcessed() - run.patientsFailed();
        String counts = "New " + run.appointmentsNew() + " · Updated " + run.appointmentsUpdated() + " · Unchanged "
                + run.appointmentsUnchanged();
        return switch (run.status()) {
            case "completed" -> "Synced " + synced + " patient" + (synced == 1 ? "" : "s") + " · " + counts;
            case "partial_success" -> "Synced " + synced + " of " + expected + " patients · " + counts;
            case "timed_out" -> "Stopped waiting after " + run.patientsProcessed() + " of " + expected
                    + " patients · " + counts;
            default -> "Failed · " + counts;
        };
    }

    /** The organization's runs as its history lists them (EHR runs are not the case manager's: left out). */
    public static HistoryPage history(RosterOrganization organization, List<SyncLogEntry> runs) {
        ZoneId zone = ZoneId.of(organization.timeZone());
        List<HistoryPage.Run> rows = runs.stream().filter(run -> !"ehr".equals(run.syncType()))
                .map(run -> new HistoryPage.Run(run.id().toString(), WHEN.format(run.startedAt().atZone(zone)),
                        title(run.syncType()), run.running() ? running(run) : headline(run), run.running(),
                        run.patientsFailed()))
                .toList();
        return new HistoryPage(organization.name(), zone.getId(), rows);
    }

    /** A run still going, in a list: "Running: 5 of 12 patients done". */
    static String running(SyncLogEntry run) {
        return run.patientsExpected() == null ? "Starting…"
                : "Running: " + run.patientsProcessed() + " of " + run.patientsExpected() + " patients done";
    }

    /** What started a run, as its page is titled. */
    public static String title(String syncType) {
        return switch (syncType == null ? "" : syncType) {
            case "automated_daily" -> "Nightly sync";
            case "manual_bulk" -> "Refresh all appointments";
            case "manual_patient" -> "Refresh of one patient";
            case "ehr" -> "Notes sent to the EHR";
            default -> "Sync";
        };
    }

    /**
     * What the IntakeQ budget allows for a refresh just started, in words: whether today's budget covers it and when it
     * should be done (in the organization's zone), or how much of it today's budget leaves for the next nightly sync.
     */
    public static String budget(int needed, Integer remainingToday, int perMinute, Instant finishAt, boolean fits,
            ZoneId zone) {
        String requests = needed == 1 ? "1 request" : needed + " requests";
        if (fits) {
            String pace = perMinute > 0 ? " at IntakeQ's " + perMinute + " a minute" : "";
            String done = finishAt == null ? "" : "; done by about " + TIME.format(finishAt.atZone(zone));
            return "Today's IntakeQ budget covers this refresh (" + requests + pace + ")" + done + ".";
        }
        return "Today's IntakeQ budget has " + (remainingToday == null ? "too few" : remainingToday + " of the "
                + needed) + " requests this refresh needs: patients it cannot read today are refreshed by the next"
                + " nightly sync.";
    }

    /** The note of a run that was already open when Refresh all was pressed. */
    public static final String JOINED = "A refresh of every patient was already running: this is its progress.";

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
