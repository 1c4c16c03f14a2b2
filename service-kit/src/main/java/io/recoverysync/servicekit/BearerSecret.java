package io.recoverysync.servicekit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks an {@code Authorization: Bearer <secret>} header, or a secret given by itself, in constant time; an unset
 * secret matches nothing.
 */
public final class BearerSecret {
    private BearerSecret() {
    }

    public static boolean matches(String authorizationHeader, Optional<String> expected) {
        if (expected.isEmpty() || expected.get().isBlank() || authorizationHeader == null
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return equal(authorizationHeader.substring(7).trim(), expected.get());
    }

    /** Whether {@code given} is the configured secret (compared in constant time); an unset secret matches nothing. */
    public static boolean matchesValue(String given, Optional<String> expected) {
        return given != null && expected.isPresent() && !expected.get().isBlank() && equal(given, expected.get());
    }

    private static boolean equal(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
