package io.recoverysync.servicekit;

import java.util.List;

/**
 * Whole-number request parameters (paging, batch sizes, day windows). A bad value is a field error added to the
 * caller's list, so one 400 answer names every bad field; it is never an exception.
 */
public final class QueryParams {
    private QueryParams() {
    }

    /**
     * {@code raw} as a whole number in [min, max] (min at least 0); {@code fallback} when absent, and also when
     * invalid, with an error naming {@code name} added to {@code errors}.
     */
    public static int wholeNumber(String name, String raw, int fallback, int min, int max,
            List<Problem.FieldError> errors) {
        if (raw == null) {
            return fallback;
        }
        if (!raw.matches("\\d{1,9}")) {
            errors.add(outOfRange(name, min, max));
            return fallback;
        }
        return wholeNumber(name, Integer.valueOf(raw), fallback, min, max, errors);
    }

    /** The same for a number that arrived already parsed (a JSON body field); null is absent. */
    public static int wholeNumber(String name, Integer value, int fallback, int min, int max,
            List<Problem.FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            errors.add(outOfRange(name, min, max));
            return fallback;
        }
        return value;
    }

    /**
     * {@code raw} as an ISO-8601 instant ({@code 2026-12-07T17:00:00Z}, an offset allowed); {@code fallback} when
     * absent, and also when invalid, with an error naming {@code name} added to {@code errors}.
     */
    public static java.time.Instant instant(String name, String raw, java.time.Instant fallback,
            List<Problem.FieldError> errors) {
        if (raw == null) {
            return fallback;
        }
        try {
            return java.time.OffsetDateTime.parse(raw).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new Problem.FieldError(name, "must be an ISO-8601 date-time with an offset, e.g. 2026-12-07T17:00:00Z"));
            return fallback;
        }
    }

    private static Problem.FieldError outOfRange(String name, int min, int max) {
        return new Problem.FieldError(name, "must be a whole number from " + min
                + (max == Integer.MAX_VALUE ? "" : " to " + max));
    }
}
