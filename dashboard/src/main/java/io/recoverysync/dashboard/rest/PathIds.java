package io.recoverysync.dashboard.rest;

import java.util.UUID;

/** Ids in the dashboard's addresses and claims: a malformed one is no id (the page answers "not found"). */
final class PathIds {
    private PathIds() {
    }

    /** The UUID in {@code value}, or null when it is absent or not a canonical UUID. */
    static UUID uuid(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
