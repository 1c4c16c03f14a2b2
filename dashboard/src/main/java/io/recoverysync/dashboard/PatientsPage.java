package io.recoverysync.dashboard;

import java.util.List;

/**
 * The case manager's patient list: each active patient with the next appointment that takes place, and the filters
 * case managers use (no upcoming appointment, a next appointment without a meeting link, canceled or missed in the
 * last 7 days), with how many patients each one finds.
 *
 * @param filter   the filter applied ({@link Filter#wire()})
 * @param searched the name searched for, null when none (never in a URL: searches are posted)
 */
public record PatientsPage(String organizationName, String timeZone, String filter, String searched,
        List<FilterLink> filters, List<Row> rows, int total, boolean appointmentsAvailable) {

    /** One filter as a link with its count, and whether it is the one applied. */
    public record FilterLink(String wire, String label, int count, boolean current) {
    }

    /**
     * A patient and their next appointment (null fields when there is none); {@code notRead} says why the newest
     * IntakeQ read of the patient failed (then "no upcoming appointment" is not known, and not claimed).
     */
    public record Row(String patientId, String name, String lastName, String firstName, String next, String provider,
            String status, String link, boolean noUpcoming, boolean missingLink, String recentlyOff, String notRead) {
    }

    /** The filters of the list. */
    public enum Filter {
        ALL("all", "All patients"),
        NO_UPCOMING("no-upcoming", "No upcoming appointment"),
        MISSING_LINK("missing-link", "Next appointment has no meeting link"),
        CANCELED_OR_MISSED("canceled-or-missed", "Canceled or missed in the last 7 days");

        private final String wire;
        private final String label;

        Filter(String wire, String label) {
            this.wire = wire;
            this.label = label;
        }

        public String wire() {
            return wire;
        }

        public String label() {
            return label;
        }

        /** The filter of a query value; all for none or an unknown one. */
        public static Filter of(String value) {
            for (Filter f : values()) {
                if (f.wire.equals(value)) {
                    return f;
                }
            }
            return ALL;
        }

        public boolean keeps(Row row) {
            return switch (this) {
                case ALL -> true;
                case NO_UPCOMING -> row.noUpcoming();
                case MISSING_LINK -> row.missingLink();
                case CANCELED_OR_MISSED -> row.recentlyOff() != null;
            };
        }
    }
}
