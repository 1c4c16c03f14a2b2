package io.recoverysync.servicekit;

import java.util.UUID;

/** Lenient parsing of ids from paths, headers and query strings: a malformed id is simply no id. */
public final class Ids {
    private Ids() {
    }

    /** The UUID in {@code value}, or null when it is absent or not a canonical UUID. */
    public static UUID parse(String value) {
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
