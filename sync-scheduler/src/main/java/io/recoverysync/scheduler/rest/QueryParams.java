package io.recoverysync.scheduler.rest;

import io.recoverysync.servicekit.Problem;
import java.util.List;

/** Query-parameter parsing shared by the scheduler's listings; a bad value is a field error, never an exception. */
final class QueryParams {
    private QueryParams() {
    }

    /** {@code text} as a whole number in [min, max]; {@code fallback} when absent or (with an error added) invalid. */
    static Integer number(String text, int min, int max, int fallback, String field, List<Problem.FieldError> errors) {
        if (text == null) {
            return fallback;
        }
        if (!text.matches("\\d{1,9}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            errors.add(new Problem.FieldError(field, "must be a whole number from " + min + " to " + max));
            return fallback;
        }
        return Integer.parseInt(text);
    }
}
