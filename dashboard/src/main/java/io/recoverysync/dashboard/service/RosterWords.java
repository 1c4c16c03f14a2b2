package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.api.RosterPage;
import io.recoverysync.contracts.api.RosterWrite;
import io.recoverysync.dashboard.RosterPageView;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The roster page in words: patients by name, what a write came to, and each problem of a refused one. */
public final class RosterWords {
    /** The status filters the page offers, in order. */
    public static final List<String> STATUSES = List.of("active", "discharged", "all");
    private static final Map<String, String> FIELDS = Map.of("firstName", "First name", "lastName", "Last name",
            "email", "Email", "intakeqClientId", "IntakeQ client id", "status", "Status", "id", "Patient id",
            "header", "Header line", "line", "Line", "body", "File");

    private RosterWords() {
    }

    /** The status filter of a query value: active unless another known one is asked for. */
    public static String status(String wire) {
        return wire != null && STATUSES.contains(wire) ? wire : "active";
    }

    public static RosterPageView page(String organizationName, String status, List<RosterPage.Patient> patients,
            String outcome, List<String> problems, RosterPageView.PatientForm form) {
        List<RosterPageView.Row> rows = patients.stream()
                .sorted(Comparator.comparing((RosterPage.Patient p) -> lower(p.lastName()))
                        .thenComparing(p -> lower(p.firstName())))
                .map(p -> new RosterPageView.Row(p.patientId().toString(), DayView.name(p),
                        p.email() == null ? "" : p.email(),
                        p.intakeqClientId() == null ? "" : p.intakeqClientId().toString(),
                        statusWord(p.status()), "active".equals(p.status())))
                .toList();
        List<RosterPageView.StatusFilter> filters = STATUSES.stream()
                .map(s -> new RosterPageView.StatusFilter(s, switch (s) {
                    case "active" -> "Active";
                    case "discharged" -> "Discharged";
                    default -> "Everyone";
                }, s.equals(status)))
                .toList();
        return new RosterPageView(organizationName, status, filters, rows, outcome, problems,
                form == null ? RosterPageView.PatientForm.EMPTY : form);
    }

    /** What a write that took did: "Imported: 3 added · 2 updated · 5 unchanged". */
    public static String outcome(String what, RosterWrite.Summary summary) {
        return what + ": " + summary.created() + " added · " + summary.updated() + " updated · " + summary.unchanged()
                + " unchanged";
    }

    /** Every problem of a refused write in words: "Line 4 · Email: must be an email address". */
    public static List<String> problems(RosterWrite.Refusal refusal) {
        if (refusal.errors() == null || refusal.errors().isEmpty()) {
            return List.of(refusal.detail() == null ? "The roster refused the change." : refusal.detail());
        }
        return refusal.errors().stream()
                .sorted(Comparator.comparing((RosterWrite.Refusal.Problem p) -> p.line() == null ? 0 : p.line()))
                .map(p -> (p.line() == null ? "" : "Line " + p.line() + " · ")
                        + FIELDS.getOrDefault(p.field(), p.field()) + ": " + p.message())
                .toList();
    }

    private static String statusWord(String status) {
        return switch (status == null ? "" : status) {
            case "active" -> "Active";
            case "inactive" -> "Inactive";
            default -> "Discharged";
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(java.util.Locale.ROOT);
    }
}
