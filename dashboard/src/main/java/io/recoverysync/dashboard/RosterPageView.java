package io.recoverysync.dashboard;

import java.util.List;

/**
 * The organization admin's roster: patients with a status filter, the forms to add one and import a CSV, and what
 * the last write came to ({@code outcome}, or every problem of a refused one in {@code problems}).
 */
public record RosterPageView(String organizationName, String status, List<StatusFilter> filters, List<Row> rows,
        String outcome, List<String> problems, PatientForm form) {

    /** One patient: {@code active} offers Discharge. */
    public record Row(String patientId, String name, String email, String intakeqClientId, String status,
            boolean active) {
    }

    /** A filter link. */
    public record StatusFilter(String wire, String label, boolean current) {
    }

    /** A patient form's values (kept after a refusal so nothing typed is lost). */
    public record PatientForm(String patientId, String firstName, String lastName, String email, String intakeqClientId,
            String status) {
        public static final PatientForm EMPTY = new PatientForm(null, "", "", "", "", "active");
    }
}
