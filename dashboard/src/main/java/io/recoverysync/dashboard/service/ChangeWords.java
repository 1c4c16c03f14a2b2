package io.recoverysync.dashboard.service;

import io.recoverysync.contracts.AppointmentField;
import io.recoverysync.contracts.api.OrganizationAppointments.Change;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** A change of an appointment said in words, times in the organization's zone: "Rescheduled from Tue 8 Dec 9:00 AM to …". */
public final class ChangeWords {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM h:mm a", Locale.US);

    private ChangeWords() {
    }

    public static String of(Change change, ZoneId zone) {
        AppointmentField field = AppointmentField.fromWire(change.field());
        if (field == null) {
            return "Changed";
        }
        return switch (field) {
            case ADDED -> "New appointment";
            case START -> "Rescheduled from " + when(change.before(), zone) + " to " + when(change.after(), zone);
            case DURATION -> "Length changed from " + minutes(change.before()) + " to " + minutes(change.after());
            case STATUS -> status(change.before(), change.after());
            case PROVIDER -> "Provider changed from " + or(change.before(), "none") + " to " + or(change.after(), "none");
            case LINK -> change.after() == null ? "Telehealth link removed"
                    : change.before() == null ? "Telehealth link added" : "Telehealth link changed";
            case LOCATION -> "Place changed from " + or(change.before(), "none") + " to " + or(change.after(), "none");
            case SERVICE -> "Service changed from " + or(change.before(), "none") + " to " + or(change.after(), "none");
        };
    }

    /** IntakeQ's status in words. */
    public static String status(String status) {
        if (status == null) {
            return "Unknown";
        }
        return switch (status) {
            case "Confirmed" -> "Confirmed";
            case "WaitingConfirmation" -> "Waiting for confirmation";
            case "Canceled" -> "Canceled";
            case "Declined" -> "Declined";
            case "Missed" -> "Missed (no-show)";
            case "Removed" -> "Removed from IntakeQ";
            default -> status;
        };
    }

    private static String status(String before, String after) {
        return switch (after == null ? "" : after) {
            case "Canceled" -> "Canceled (was " + status(before).toLowerCase(Locale.ROOT) + ")";
            case "Missed" -> "Marked missed (no-show)";
            case "Removed" -> "Removed from IntakeQ";
            default -> "Status changed from " + status(before).toLowerCase(Locale.ROOT) + " to "
                    + status(after).toLowerCase(Locale.ROOT);
        };
    }

    private static String when(String instant, ZoneId zone) {
        if (instant == null) {
            return "no time";
        }
        try {
            return WHEN.format(Instant.parse(instant).atZone(zone));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private static String minutes(String value) {
        return value == null ? "unknown" : value + " min";
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
