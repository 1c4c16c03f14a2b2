package io.recoverysync.scheduler.rest;

import java.util.UUID;

/** Lenient parsing of ids from paths and headers: a malformed id is simply no id. */
final class Ids {
    private Ids() {
    }

    static UUID parse(String value) {
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
